using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Automation.Leads;
using WeComGateway.Contracts;
using WeComGateway.Storage.Leads;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Publishing;

namespace WeComGateway.Workers.Leads;

/// <summary>
/// Whether an added (or edited) customer is one of the corp's leads: the add's <c>state</c> is a lead's
/// (<c>lead-{leadId}</c>), or — only for a corp that has leads — the adding employee's <c>remark_mobiles</c> for the
/// customer (externalcontact/get) hold a lead's phone. A match converts the lead (once) and publishes
/// <see cref="LeadConverted"/>; a redelivery of the same add, or a later add of the same customer by the same employee, publishes it again
/// (at least once) with the same message id (one conversion per lead).
/// </summary>
internal sealed partial class LeadMatcher(
    ILeadStore store,
    IWeComExternalContactApi contacts,
    CorpGrantSelector grants,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<LeadMatcher> logger)
{
    /// <summary>externalcontact/get pages read looking for the employee's follow entry.</summary>
    private const int MaxPages = 10;

    public async Task MatchAsync(string corpId, string userId, string externalUserId, string? state, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (LeadStates.LeadIdOf(state) is { } leadId && LeadIds.IsValid(leadId))
        {
            await ConvertAsync(corpId, leadId, userId, externalUserId, "state", publisher, cancellationToken);
            return;
        }

        if (!await store.HasLeadsAsync(corpId, cancellationToken) || await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return;
        }

        foreach (var mobile in await RemarkMobilesAsync(grant, userId, externalUserId, cancellationToken))
        {
            if (PhoneNumbers.Normalize(mobile) is { } phone && await store.FindByPhoneAsync(corpId, phone, cancellationToken) is { } lead)
            {
                await ConvertAsync(corpId, lead.LeadId, userId, externalUserId, "remark_mobile", publisher, cancellationToken);
                return;
            }
        }
    }

    private async Task<IReadOnlyList<string>> RemarkMobilesAsync(CorpGrant grant, string userId, string externalUserId, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            ExternalContactResponse answer;
            try
            {
                answer = await contacts.GetExternalContactAsync(externalUserId, cursor, grant.TokenKey, cancellationToken);
            }
            catch (WeComApiException e) when (e.ErrCode == WeComErrorCodes.NotExternalContact)
            {
                return []; // deleted again before we looked
            }

            if (answer.FollowUsers.FirstOrDefault(f => f.UserId == userId) is { } follow)
            {
                return follow.RemarkMobiles ?? [];
            }

            if (string.IsNullOrEmpty(answer.NextCursor))
            {
                break;
            }

            cursor = answer.NextCursor;
        }

        return [];
    }

    private async Task ConvertAsync(
        string corpId, string leadId, string userId, string externalUserId, string matchedBy, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var (result, converted) = await store.ConvertAsync(corpId, leadId, externalUserId, userId, time.GetUtcNow(), cancellationToken);
        var republish = result == LeadConvertResult.AlreadyConverted && converted!.ExternalUserId == externalUserId && converted.ConvertedBy == userId;
        if (result != LeadConvertResult.Converted && !republish)
        {
            return;
        }

        if (result == LeadConvertResult.Converted)
        {
            metrics.LeadTransition("converted");
            LogConverted(corpId, leadId, userId, matchedBy);
        }

        await publisher.Publish(new LeadConverted
        {
            CorpId = corpId,
            LeadId = leadId,
            ExternalUserId = externalUserId,
            UserId = userId,
            AssignedTo = converted!.Assignee,
            Source = converted!.Source,
            MaskedPhone = PhoneNumbers.Mask(converted.Phone),
            MatchedBy = matchedBy,
            ImportedAt = converted.ImportedAt,
            ConvertedAt = converted.ConvertedAt!.Value,
            TimeToConvert = converted.ConvertedAt!.Value - converted.ImportedAt,
        }, publish => publish.MessageId = FactMessageIds.Of("lead_converted", corpId, leadId), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: lead {LeadId} converted by {UserId} (matched by {MatchedBy})")]
    private partial void LogConverted(string corpId, string leadId, string userId, string matchedBy);
}
