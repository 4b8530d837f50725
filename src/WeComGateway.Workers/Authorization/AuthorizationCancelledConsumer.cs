using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Workers.Publishing;

namespace WeComGateway.Workers.Authorization;

/// <summary>
/// <c>cancel_auth</c> of one suite: remove that grant (and its corp token); when it was the corp's last grant, every
/// key of the corp goes with it and nothing of the corp is written again until it installs a suite anew. Publishes
/// <see cref="CorpDeauthorized"/> once: when this delivery removed the grant, or when a repeated delivery finds it gone
/// (the first one may have removed it and failed before publishing), always with the same message id.
/// </summary>
internal sealed partial class AuthorizationCancelledConsumer(
    IAuthorizationStore store,
    TimeProvider time,
    ILogger<AuthorizationCancelledConsumer> logger) : IConsumer<AuthorizationCancelled>
{
    public async Task Consume(ConsumeContext<AuthorizationCancelled> context)
    {
        var message = context.Message;
        var corpId = message.CorpId ?? throw new IncompleteAuthorizationEventException("cancel_auth", message.SuiteId, "AuthCorpId");
        var removal = await store.RemoveGrantAsync(corpId, message.SuiteId, context.CancellationToken);
        var repeated = context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0;
        if (removal.GrantRemoved)
        {
            LogRemoved(corpId, message.SuiteId, removal.KeysRemoved, removal.CorpRemoved ? "none: every key of the corp is deleted" : string.Join(", ", removal.RemainingSuiteIds));
        }
        else if (!repeated)
        {
            LogNoGrant(corpId, message.SuiteId, removal.CorpRemoved ? "none" : string.Join(", ", removal.RemainingSuiteIds));
            return;
        }

        var messageId = MessageIdOf(corpId, message.SuiteId, context.MessageId);
        await context.Publish(new CorpDeauthorized
        {
            SuiteId = message.SuiteId,
            CorpId = corpId,
            At = time.GetUtcNow(),
            Reason = CorpDeauthorizedReasons.Cancelled,
            CorpDataRemoved = removal.CorpRemoved,
        }, publish => publish.MessageId = messageId, context.CancellationToken);
    }

    /// <summary>The same for every delivery of one cancel_auth message.</summary>
    internal static Guid MessageIdOf(string corpId, string suiteId, Guid? cancelMessageId)
        => FactMessageIds.Of("cancel_auth", corpId, suiteId, cancelMessageId?.ToString("N") ?? string.Empty);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} cancelled suite {SuiteId}: {Removed} keys deleted; grants left: {Remaining}")]
    private partial void LogRemoved(string corpId, string suiteId, long removed, string remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cancel_auth of suite {SuiteId} for corp {CorpId}: no grant of that suite is stored, nothing removed; grants left: {Remaining}")]
    private partial void LogNoGrant(string corpId, string suiteId, string remaining);
}
