using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation.Leads;
using WeComGateway.Contracts;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Leads;
using WeComGateway.WeComApi.Message;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Messaging;

namespace WeComGateway.Workers.Leads;

/// <summary>
/// The reminder of one assignment (lead, attempt): a text card to the employee, once — a claim per assignment
/// (pending while message/send runs, final after) turns redeliveries and the scheduler's republishing into one card.
/// The card shows the lead's name, source, the phone masked and the deadline; the link leads to the provider's page
/// with the full number.
/// </summary>
internal sealed partial class LeadReminder(
    ILeadStore store,
    IClaimStore claims,
    AppMessenger messenger,
    IOptions<LeadOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<LeadReminder> logger)
{
    private const string Purpose = "lead_reminder";
    private static readonly TimeSpan PendingTtl = TimeSpan.FromMinutes(1);

    public async Task RemindAsync(LeadAssigned assignment, string owner, CancellationToken cancellationToken)
    {
        var corpId = assignment.CorpId;
        if (await store.GetAsync(corpId, assignment.LeadId, cancellationToken) is not { Status: LeadStatus.Assigned } lead
            || lead.Attempt != assignment.Attempt || lead.Reminded)
        {
            metrics.AppMessage(Purpose, "suppressed");
            return; // converted, returned, or reminded already
        }

        var claim = ClaimKey.LeadReminder(corpId, lead.LeadId, lead.Attempt);
        switch (await claims.TryClaimAsync(claim, owner, PendingTtl, cancellationToken))
        {
            case ClaimOutcome.AlreadyFinalized:
                await store.MarkRemindedAsync(corpId, lead.LeadId, lead.Attempt, cancellationToken);
                metrics.AppMessage(Purpose, "suppressed");
                return;
            case ClaimOutcome.InFlight:
                metrics.AppMessage(Purpose, "suppressed");
                return; // another worker is sending it; if it fails, the scheduler publishes the assignment again
        }

        AppMessageOutcome outcome;
        try
        {
            outcome = await messenger.SendTextCardAsync(corpId, [lead.Assignee!], Card(corpId, lead), cancellationToken);
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

        await claims.FinalizeAsync(claim, (lead.Deadline!.Value - time.GetUtcNow()) + TimeSpan.FromDays(1), cancellationToken);
        await store.MarkRemindedAsync(corpId, lead.LeadId, lead.Attempt, cancellationToken);
        var reached = outcome.Status == AppMessageStatus.Sent && outcome.Unreached.Count == 0;
        metrics.AppMessage(Purpose, reached ? "sent" : "unreachable");
        LogReminded(corpId, lead.LeadId, lead.Attempt, lead.Assignee!, reached);
    }

    /// <summary>What the employee sees: never the full phone (the card can be forwarded and stays in the chat).</summary>
    internal TextCard Card(string corpId, Lead lead)
    {
        var settings = options.Value;
        var url = settings.CardUrl.Replace("{corpId}", Uri.EscapeDataString(corpId), StringComparison.Ordinal)
            .Replace("{leadId}", lead.LeadId, StringComparison.Ordinal);
        var description = $"客户：{lead.Name}\n手机：{PhoneNumbers.Mask(lead.Phone)}\n来源：{lead.Source}\n"
            + $"请在 {LeadPool.Local(lead.Deadline!.Value, settings.DayOffset)} 前添加，逾期将转给其他同事";
        return TextCard.Create($"新线索待添加：{lead.Name}", description, url, "查看");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: lead {LeadId} (attempt {Attempt}) reminder to {UserId}, reached: {Reached}")]
    private partial void LogReminded(string corpId, string leadId, int attempt, string userId, bool reached);
}
