using Microsoft.Extensions.Logging;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// One audit line per DLQ action: who (the actor the caller names, e.g. <c>cli:alice</c>, <c>admin-api:key#0</c>),
/// what, which queue, how many. Lines end in <c>(audit)</c> like the rest of the gateway's audit log.
/// </summary>
internal static partial class DeadLetterAudit
{
    [LoggerMessage(Level = LogLevel.Information, Message = "DLQ list by {Actor}: {QueueCount} dead-letter queues, {MessageCount} messages (audit)")]
    public static partial void Listed(ILogger logger, string actor, int queueCount, long messageCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "DLQ show by {Actor}: message {MessageId} in {Queue}, {Outcome} (audit)")]
    public static partial void Shown(ILogger logger, string actor, string queue, string messageId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "DLQ replay {ReplayId} by {Actor}: {Queue} → {Destinations}, filter {Filter}: {Replayed} replayed, {Skipped} skipped, {Failed} failed of {Examined} examined (depth {Total}) (audit)")]
    public static partial void Replayed(
        ILogger logger, Guid replayId, string actor, string queue, string destinations, string filter, long replayed, long skipped, long failed, long examined, long total);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "DLQ replay {ReplayId} by {Actor}: {Queue} interrupted ({Error}) after {Replayed} replayed, {Skipped} skipped, {Failed} failed of {Examined} examined; the rest stays in the queue (audit)")]
    public static partial void ReplayInterrupted(
        ILogger logger, Guid replayId, string actor, string queue, string error, long replayed, long skipped, long failed, long examined);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLQ purge by {Actor}: {Count} messages deleted from {Queue} (audit)")]
    public static partial void Purged(ILogger logger, string actor, string queue, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DLQ {Action} by {Actor} refused: '{Queue}' is not a dead-letter queue (audit)")]
    public static partial void Refused(ILogger logger, string actor, string action, string queue);
}
