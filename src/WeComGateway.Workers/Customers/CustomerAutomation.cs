using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Tags;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// One event for one customer: load facts → fold the event in → decide (rules, lifecycle) → mirror tags into WeCom
/// (one mark_tag) → write the facts with compare-and-set on their version. When another worker wrote the customer in
/// between, everything is decided again from the newer facts; mark_tag is set-based, so doing it again is harmless.
/// Tags go to WeCom before the facts are written, so facts never claim a tag WeCom does not have.
/// </summary>
public sealed partial class CustomerAutomation(
    ICustomerFactsStore facts,
    RuleSetProvider ruleSets,
    CorpTagDirectory tags,
    IWeComExternalContactApi api,
    IAuthorizationStore authorizations,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CustomerAutomation> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The decision that was applied, or null when the event had been applied before (a redelivery).</summary>
    public async Task<AutomationDecision?> ProcessAsync(AutomationEvent e, string? suiteId, CancellationToken cancellationToken)
    {
        var ruleSet = await ruleSets.GetAsync(e.CorpId, cancellationToken);
        for (var attempt = 1; attempt <= options.Value.MaxUpdateAttempts; attempt++)
        {
            var stored = await facts.GetAsync(e.CorpId, e.ExternalUserId, cancellationToken);
            var current = stored is null ? CustomerFacts.New(e.CorpId, e.ExternalUserId) : Deserialize(stored.Json);
            var folded = CustomerFactsUpdater.Apply(current, e);
            if (folded is null)
            {
                metrics.AutomationEvent(e.Kind, "already_applied");
                LogAlreadyApplied(e.CorpId, e.ExternalUserId, e.Kind, e.EventKey);
                return null;
            }

            var now = time.GetUtcNow();
            var decision = ruleSet.Evaluate(folded, e, now);
            decision = await MirrorTagsAsync(decision, e, suiteId, cancellationToken);
            var next = decision.Next;
            if (await facts.TryWriteAsync(e.CorpId, e.ExternalUserId, stored?.Version ?? 0, JsonSerializer.Serialize(next, Json),
                ruleSet.NextReevaluation(next, now), cancellationToken))
            {
                metrics.AutomationEvent(e.Kind, "applied");
                LogApplied(e.CorpId, e.ExternalUserId, e.Kind, decision.MatchedRuleIds.Count, decision.AddTags.Count, decision.RemoveTags.Count, next.Stage);
                return decision;
            }

            metrics.AutomationConflict(e.Kind);
            LogConflict(e.CorpId, e.ExternalUserId, attempt);
        }

        metrics.AutomationEvent(e.Kind, "conflicts_exhausted");
        throw new CustomerUpdateConflictException(e.CorpId, e.ExternalUserId, options.Value.MaxUpdateAttempts);
    }

    internal static CustomerFacts Deserialize(string json) =>
        JsonSerializer.Deserialize<CustomerFacts>(json, Json) ?? throw new JsonException("customer facts are null");

    /// <summary>
    /// mark_tag needs an employee who follows the customer. With none (every employee deleted them), WeCom cannot be
    /// tagged: the decision's tags are dropped, so the facts keep saying what WeCom really has.
    /// </summary>
    private async Task<AutomationDecision> MirrorTagsAsync(AutomationDecision decision, AutomationEvent e, string? suiteId, CancellationToken cancellationToken)
    {
        if (!decision.ChangesWeComTags)
        {
            return decision;
        }

        // After del_follow_user the customer is still in that employee's list in WeCom, so the stage tag can be moved through them.
        var employee = e.UserId is { } u && (decision.Next.FollowUsers.Contains(u, StringComparer.Ordinal) || e.Kind == AutomationEventKind.ContactDeletedByCustomer)
            ? u
            : decision.Next.FollowUsers.FirstOrDefault();
        if (employee is null)
        {
            LogNoFollower(e.CorpId, e.ExternalUserId, decision.AddTags.Count + decision.RemoveTags.Count);
            var previous = decision.Next.Tags.Except(decision.AddTags).Concat(decision.RemoveTags).Distinct().ToList();
            return decision with { Next = decision.Next with { Tags = previous }, AddTags = [], RemoveTags = [] };
        }

        suiteId ??= await SuiteOfAsync(e.CorpId, cancellationToken);
        var (add, remove) = await tags.ResolveAsync(suiteId, e.CorpId, decision.AddTags, decision.RemoveTags, cancellationToken);
        await api.MarkTagAsync(
            new MarkTagRequest(employee, e.ExternalUserId) { AddTag = add.Count > 0 ? add : null, RemoveTag = remove.Count > 0 ? remove : null },
            TokenKey.Corp(suiteId, e.CorpId),
            cancellationToken);
        return decision;
    }

    /// <summary>Facts from other systems name no suite: the corp's stored authorization does.</summary>
    private async Task<string> SuiteOfAsync(string corpId, CancellationToken cancellationToken) =>
        (await authorizations.GetAsync(corpId, cancellationToken))?.SuiteId
        ?? throw new CorpNotAuthorizedForAutomationException(corpId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} {EventKey} was applied before; nothing to do")]
    private partial void LogAlreadyApplied(string corpId, string externalUserId, AutomationEventKind kind, string eventKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} matched {Rules} rules, +{Added}/-{Removed} tags, stage {Stage}")]
    private partial void LogApplied(string corpId, string externalUserId, AutomationEventKind kind, int rules, int added, int removed, string? stage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: written by another worker meanwhile (attempt {Attempt}); deciding again")]
    private partial void LogConflict(string corpId, string externalUserId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: no employee follows the customer, {Count} tag changes not mirrored to WeCom")]
    private partial void LogNoFollower(string corpId, string externalUserId, int count);
}

/// <summary>Too many concurrent writers for one customer: transient, the message is retried.</summary>
public sealed class CustomerUpdateConflictException(string corpId, string externalUserId, int attempts)
    : Exception($"Customer {externalUserId} of corp {corpId} was written by others {attempts} times while this event was applied");

/// <summary>A fact arrived for a corp the gateway holds no authorization for: nothing can be done in WeCom for it.</summary>
public sealed class CorpNotAuthorizedForAutomationException(string corpId)
    : Exception($"Corp {corpId} has no stored authorization: its customers cannot be tagged (it never installed the suite here, or uninstalled it)")
{
    public string CorpId { get; } = corpId;
}
