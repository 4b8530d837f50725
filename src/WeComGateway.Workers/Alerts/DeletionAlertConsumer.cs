using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.Alerts;
using WeComGateway.Storage.Claims;
using WeComGateway.WeComApi.Message;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Messaging;

namespace WeComGateway.Workers.Alerts;

/// <summary>Another worker holds the day's alert of this customer while it sends: retried, then it is final or released.</summary>
internal sealed class DeletionAlertInFlightException(string corpId, string externalUserId)
    : Exception($"Corp {corpId}: the deletion alert of customer {externalUserId} is being sent by another worker.");

/// <summary>
/// 删人提醒, on its own queue (<c>deletion-alert</c>): when a customer deletes an employee, the employee (or the corp's
/// managers) gets a text card with the customer's name, channel and tags from the customer facts — at most once per
/// customer per corp-local day of the event (a claim per corp, customer and day: final once sent, released on failure).
/// </summary>
internal sealed partial class DeletionAlertConsumer(
    IDeletionAlertSettingsStore settingsStore,
    IClaimStore claims,
    CustomerFactsRepository customers,
    AppMessenger messenger,
    IOptions<DeletionAlertOptions> options,
    WorkerMetrics metrics,
    ILogger<DeletionAlertConsumer> logger) : IConsumer<ExternalContactDeletedByCustomer>
{
    private const string Purpose = "deletion_alert";

    public async Task Consume(ConsumeContext<ExternalContactDeletedByCustomer> context)
    {
        var e = context.Message;
        if (e.CorpId is not { } corpId)
        {
            return;
        }

        var settings = await settingsStore.GetAsync(corpId, context.CancellationToken)
            ?? new DeletionAlertSettings(options.Value.EnabledByDefault, DeletionAlertSettings.Employee, []);
        if (!settings.Enabled)
        {
            return;
        }

        IReadOnlyList<string> recipients = settings.Notify == DeletionAlertSettings.ManagersOnly ? settings.Managers : [e.UserId];
        var claim = ClaimKey.DeletionAlert(corpId, e.ExternalUserId, options.Value.Day(e.EventTime));
        var owner = (context.MessageId ?? NewId.NextGuid()).ToString("N");
        switch (await claims.TryClaimAsync(claim, owner, options.Value.ClaimTtl, context.CancellationToken))
        {
            case ClaimOutcome.AlreadyFinalized:
                metrics.AppMessage(Purpose, "suppressed");
                LogSuppressed(corpId, e.ExternalUserId);
                return;
            case ClaimOutcome.InFlight:
                throw new DeletionAlertInFlightException(corpId, e.ExternalUserId);
        }

        AppMessageOutcome outcome;
        try
        {
            var facts = (await customers.GetAsync(corpId, e.ExternalUserId, context.CancellationToken)).Facts;
            outcome = await messenger.SendTextCardAsync(corpId, recipients, Card(corpId, e, facts), context.CancellationToken);
        }
        catch
        {
            await claims.ReleaseAsync(claim, owner, CancellationToken.None);
            throw;
        }

        if (outcome.Status == AppMessageStatus.NotAuthorized)
        {
            await claims.ReleaseAsync(claim, owner, CancellationToken.None);
            return;
        }

        await claims.FinalizeAsync(claim, TimeSpan.FromDays(2), context.CancellationToken);
        metrics.AppMessage(Purpose, outcome.Status == AppMessageStatus.Sent && outcome.Unreached.Count == 0 ? "sent" : "unreachable");
        LogAlerted(corpId, e.ExternalUserId, string.Join(", ", recipients));
    }

    private TextCard Card(string corpId, ExternalContactDeletedByCustomer e, Automation.CustomerFacts facts)
    {
        var settings = options.Value;
        var name = string.IsNullOrWhiteSpace(facts.Name) ? "客户" : facts.Name;
        var tags = facts.Tags.Concat(facts.ManualTags).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();
        var url = settings.CardUrl.Replace("{corpId}", Uri.EscapeDataString(corpId), StringComparison.Ordinal)
            .Replace("{externalUserId}", Uri.EscapeDataString(e.ExternalUserId), StringComparison.Ordinal)
            .Replace("{userId}", Uri.EscapeDataString(e.UserId), StringComparison.Ordinal);
        var description = $"客户：{name}\n被删成员：{e.UserId}\n渠道：{facts.Channel ?? "未知"}\n标签：{(tags.Count == 0 ? "无" : string.Join("、", tags))}\n"
            + $"时间：{e.EventTime.ToOffset(settings.DayOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
        return TextCard.Create($"客户 {name} 删除了 {e.UserId}", description, url, "查看");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: deletion alert for customer {ExternalUserId} sent to {Recipients}")]
    private partial void LogAlerted(string corpId, string externalUserId, string recipients);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: customer {ExternalUserId} was alerted on already today; no second alert")]
    private partial void LogSuppressed(string corpId, string externalUserId);
}
