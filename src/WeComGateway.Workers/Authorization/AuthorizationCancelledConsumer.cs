using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Workers.Authorization;

/// <summary>
/// <c>cancel_auth</c>: delete every key of the corp (permanent code, tokens, cached data) and publish
/// <see cref="CorpDeauthorized"/>. No token invalidation is needed: the tokens are among the deleted keys.
/// </summary>
internal sealed class AuthorizationCancelledConsumer(
    IAuthorizationStore store,
    TimeProvider time,
    ILogger<AuthorizationCancelledConsumer> logger) : IConsumer<AuthorizationCancelled>
{
    public async Task Consume(ConsumeContext<AuthorizationCancelled> context)
    {
        var message = context.Message;
        var corpId = message.CorpId ?? throw new IncompleteAuthorizationEventException("cancel_auth", message.SuiteId, "AuthCorpId");
        if (await StoredSuiteAsync(corpId, context.CancellationToken) is { } storedSuite && storedSuite != message.SuiteId)
        {
            logger.LogWarning("cancel_auth of suite {SuiteId} for corp {CorpId} ignored: the stored authorization is of suite {StoredSuiteId}",
                message.SuiteId, corpId, storedSuite);
            return;
        }

        var removed = await store.DeleteCorpAsync(corpId, context.CancellationToken);
        logger.LogInformation("Corp {CorpId} cancelled suite {SuiteId}: {Removed} keys deleted", corpId, message.SuiteId, removed);
        await context.Publish(new CorpDeauthorized
        {
            SuiteId = message.SuiteId,
            CorpId = corpId,
            At = time.GetUtcNow(),
            Reason = CorpDeauthorizedReasons.Cancelled,
        }, context.CancellationToken);
    }

    /// <summary>An unreadable record (e.g. the secrets key changed) is still deleted: uninstall must remove the data.</summary>
    private async Task<string?> StoredSuiteAsync(string corpId, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetAsync(corpId, cancellationToken))?.SuiteId;
        }
        catch (SecretUnprotectException)
        {
            return null;
        }
    }
}
