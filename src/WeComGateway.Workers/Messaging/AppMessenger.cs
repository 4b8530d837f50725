using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Message;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Messaging;

internal enum AppMessageStatus
{
    /// <summary>WeCom took it; <see cref="AppMessageOutcome.Unreached"/> lists recipients it did not reach.</summary>
    Sent,

    /// <summary>WeCom refused every recipient (81013: not in the app's visible range, left the corp).</summary>
    Unreachable,

    /// <summary>The corp holds no active grant: nothing can be sent for it.</summary>
    NotAuthorized,
}

internal sealed record AppMessageOutcome(AppMessageStatus Status, IReadOnlyList<string> Unreached);

/// <summary>The suite's app has no agentid in the corp, even after asking get_auth_info: nothing to send with.</summary>
internal sealed class AgentIdUnknownException(string corpId, string suiteId)
    : Exception($"Corp {corpId}: the grant of suite {suiteId} names no app (auth_info.agent is empty): message/send needs its agentid."), IPermanentFailure;

/// <summary>
/// Text cards from the suite's app to members of a corp (message/send), through the grant
/// <see cref="CorpGrantSelector"/> picks and that grant's <c>agentid</c>. A grant stored before the agentid was kept
/// gets it from get_auth_info once, and keeps it.
/// </summary>
internal sealed partial class AppMessenger(
    IWeComMessageApi messages,
    IWeComServiceApi service,
    CorpGrantSelector grants,
    IAuthorizationStore authorizations,
    ILogger<AppMessenger> logger)
{
    public const int AllRecipientsInvalid = 81013;

    public async Task<AppMessageOutcome> SendTextCardAsync(string corpId, IReadOnlyCollection<string> userIds, TextCard card, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant
            || await authorizations.GetAsync(corpId, grant.SuiteId, cancellationToken) is not { } stored)
        {
            return new AppMessageOutcome(AppMessageStatus.NotAuthorized, userIds.ToList());
        }

        var agentId = stored.AgentId ?? await LearnAgentIdAsync(stored, cancellationToken);
        try
        {
            var answer = await messages.SendAsync(SendMessageRequest.ForTextCard(userIds, agentId, card), grant.TokenKey, cancellationToken);
            var unreached = answer.Unreached();
            if (unreached.Count > 0)
            {
                LogUnreached(corpId, string.Join(", ", unreached));
            }

            return new AppMessageOutcome(AppMessageStatus.Sent, unreached);
        }
        catch (WeComApiException e) when (e.ErrCode == AllRecipientsInvalid)
        {
            LogUnreached(corpId, string.Join(", ", userIds));
            return new AppMessageOutcome(AppMessageStatus.Unreachable, userIds.ToList());
        }
    }

    private async Task<long> LearnAgentIdAsync(CorpAuthorization grant, CancellationToken cancellationToken)
    {
        var info = await service.GetAuthInfoAsync(new AuthInfoRequest(grant.CorpId, grant.PermanentCode), TokenKey.Suite(grant.SuiteId), cancellationToken);
        if (info.AuthInfo?.Agents.FirstOrDefault()?.AgentId is not { } agentId)
        {
            throw new AgentIdUnknownException(grant.CorpId, grant.SuiteId);
        }

        await authorizations.SaveAsync(grant with { AgentId = agentId }, cancellationToken);
        LogAgentIdLearned(grant.CorpId, grant.SuiteId, agentId);
        return agentId;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: message/send did not reach {UserIds} (not in the app's visible range, unlicensed or gone)")]
    private partial void LogUnreached(string corpId, string userIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: the app of suite {SuiteId} is agent {AgentId} (from get_auth_info; stored with the grant)")]
    private partial void LogAgentIdLearned(string corpId, string suiteId, long agentId);
}
