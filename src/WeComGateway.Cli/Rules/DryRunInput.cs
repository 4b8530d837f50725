using System.Text.Json;
using System.Text.Json.Serialization;
using WeComGateway.Automation;

namespace WeComGateway.Cli.Rules;

/// <summary>
/// The EVENT.json of <c>wecomgw rules test</c>: the event (its kind in rule-file spelling), optionally the customer's
/// facts as the gateway stores them, and the moment to evaluate at.
/// </summary>
/// <example>
/// <code>
/// { "event": { "kind": "contact_added", "state": "poster-42", "userId": "zhangsan" },
///   "facts": { "purchaseCount": 3, "totalSpent": 620, "lastPurchaseAt": "2026-10-15T10:00:00+08:00" },
///   "now": "2026-12-01T10:00:00+08:00", "customerName": "李雷" }
/// </code>
/// </example>
internal sealed record DryRunInput(AutomationEvent Event, CustomerFacts Facts, DateTimeOffset Now, string? CustomerName)
{
    private const string DemoCorp = "wwdryruncorp";
    private const string DemoCustomer = "wmDryRunCustomer";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DryRunInput Parse(string json, DateTimeOffset defaultNow)
    {
        File file;
        try
        {
            file = JsonSerializer.Deserialize<File>(json, Json) ?? throw new CliUsageException("the event file is empty");
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"the event file is not valid: {ex.Message}");
        }

        var e = file.Event ?? throw new CliUsageException("the event file has no \"event\"");
        if (!AutomationEventKinds.TryParse(e.Kind, out var kind))
        {
            throw new CliUsageException($"event.kind '{e.Kind}' is not one of: {string.Join(", ", AutomationEventKinds.All.Select(k => k.JsonName()))}");
        }

        var now = file.Now ?? defaultNow;
        var corpId = e.CorpId ?? file.Facts?.CorpId ?? DemoCorp;
        var customer = e.ExternalUserId ?? file.Facts?.ExternalUserId ?? DemoCustomer;
        var facts = (file.Facts ?? CustomerFacts.New(corpId, customer)) with { CorpId = corpId, ExternalUserId = customer };
        var automationEvent = new AutomationEvent
        {
            Kind = kind,
            CorpId = corpId,
            ExternalUserId = customer,
            EventKey = e.EventKey ?? "dry-run:" + now.ToUnixTimeMilliseconds(),
            OccurredAt = e.OccurredAt ?? now,
            UserId = e.UserId,
            State = e.State,
            ChatId = e.ChatId,
            JoinScene = e.JoinScene,
            OrderId = e.OrderId,
            Amount = e.Amount,
            Categories = e.Categories ?? [],
            MembershipStatus = e.MembershipStatus,
            MembershipLevel = e.MembershipLevel,
        };
        return new DryRunInput(automationEvent, facts, now, file.CustomerName);
    }

    private sealed record File(EventFields? Event, CustomerFacts? Facts, DateTimeOffset? Now, string? CustomerName);

    private sealed record EventFields(
        string? Kind,
        string? CorpId,
        string? ExternalUserId,
        string? EventKey,
        DateTimeOffset? OccurredAt,
        string? UserId,
        string? State,
        string? ChatId,
        int? JoinScene,
        string? OrderId,
        decimal? Amount,
        IReadOnlyList<string>? Categories,
        string? MembershipStatus,
        string? MembershipLevel);
}
