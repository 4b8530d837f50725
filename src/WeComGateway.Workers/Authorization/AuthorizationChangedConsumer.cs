using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Authorization;

/// <summary>
/// <c>change_auth</c> of one suite: re-read that grant (get_auth_info) and update the stored corp info. A code WeCom no
/// longer accepts marks that grant inactive and publishes <see cref="CorpDeauthorized"/> instead of retrying.
/// </summary>
internal sealed class AuthorizationChangedConsumer(
    IWeComServiceApi api,
    IAuthorizationStore store,
    TimeProvider time,
    ILogger<AuthorizationChangedConsumer> logger) : IConsumer<AuthorizationChanged>
{
    public async Task Consume(ConsumeContext<AuthorizationChanged> context)
    {
        var message = context.Message;
        var corpId = message.CorpId ?? throw new IncompleteAuthorizationEventException("change_auth", message.SuiteId, "AuthCorpId");
        var current = await store.GetAsync(corpId, message.SuiteId, context.CancellationToken);
        if (current is null)
        {
            throw new CorpNotAuthorizedException(message.SuiteId, corpId);
        }

        if (!current.Active)
        {
            logger.LogWarning("change_auth of suite {SuiteId} for corp {CorpId} ignored: that grant is inactive ({Reason})", current.SuiteId, corpId, current.InactiveReason);
            return;
        }

        AuthInfoResponse info;
        try
        {
            info = await api.GetAuthInfoAsync(new AuthInfoRequest(corpId, current.PermanentCode), TokenKey.Suite(current.SuiteId), context.CancellationToken);
        }
        catch (WeComApiException e) when (e.Kind == WeComErrorKind.AuthorizationRevoked)
        {
            await store.MarkInactiveAsync(corpId, current.SuiteId, $"errcode {e.ErrCode}", context.CancellationToken);
            logger.LogError("WeCom rejects the permanent code of corp {CorpId} for suite {SuiteId} (errcode {ErrCode}): that grant is marked inactive, its calls stop", corpId, current.SuiteId, e.ErrCode);
            await context.Publish(new CorpDeauthorized
            {
                SuiteId = current.SuiteId,
                CorpId = corpId,
                At = time.GetUtcNow(),
                Reason = CorpDeauthorizedReasons.PermanentCodeRejected,
            }, context.CancellationToken);
            return;
        }

        var updated = current with
        {
            CorpName = info.AuthCorpInfo?.CorpName ?? current.CorpName,
            AgentId = info.AuthInfo?.Agents.FirstOrDefault()?.AgentId ?? current.AgentId,
        };
        if (updated != current)
        {
            await store.SaveAsync(updated, context.CancellationToken);
        }

        logger.LogInformation("Authorization of corp {CorpId} (suite {SuiteId}) refreshed", corpId, current.SuiteId);
        await context.Publish(new CorpAuthorizationChanged
        {
            SuiteId = current.SuiteId,
            CorpId = corpId,
            CorpName = updated.CorpName,
            ChangedAt = time.GetUtcNow(),
        }, context.CancellationToken);
    }
}
