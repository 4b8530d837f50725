using RabbitMQ.Client;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// One bounded pass over a dead-letter queue that MOVES matching messages back to their endpoint:
/// <list type="number">
/// <item>the pass takes at most as many messages as the queue held when it started, so messages that fail again
/// during the replay (and land at the tail) are not taken a second time;</item>
/// <item>each matching message is published (confirmed, mandatory) and only then acknowledged, i.e. removed;</item>
/// <item>messages that do not match, or whose publish failed, are held unacknowledged until the end of the pass and
/// then returned together (<c>basic.nack</c> multiple + requeue), which puts them back in their original positions.
/// Returning each at once would put it back at the head, where the next <c>basic.get</c> would take it again.</item>
/// </list>
/// If the process dies halfway, the broker requeues everything not yet acknowledged: nothing is lost. A message whose
/// publish was confirmed but whose acknowledgement was lost comes back too and can be replayed twice; consumers are
/// idempotent (dedupe by message id, event keys), so that is harmless.
/// </summary>
internal sealed class ReplayPass(AmqpSession session, string queue, ReplayFilter filter, TimeProvider time, IProgress<ReplayProgress>? progress)
{
    private const int MaxReportedFailures = 100;

    private readonly List<ReplayFailure> _failures = [];
    private readonly SortedSet<string> _destinations = new(StringComparer.Ordinal);

    public Guid ReplayId { get; } = Guid.NewGuid();

    public long Total { get; private set; }

    public long Examined { get; private set; }

    public long Replayed { get; private set; }

    public long Skipped { get; private set; }

    public long Failed { get; private set; }

    public async Task<ReplayResult> RunAsync(CancellationToken cancellationToken)
    {
        var source = await session.OpenChannelAsync(cancellationToken);
        await using var publisher = new ReplayPublisher(session, ReplayId, time);
        ulong lastTaken = 0;
        try
        {
            Total = await AmqpSession.DepthAsync(source, queue, cancellationToken);
            while (Examined < Total && await source.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } result)
            {
                Examined++;
                lastTaken = result.DeliveryTag;
                await MoveAsync(source, publisher, DeliveredMessage.From(result), cancellationToken);

                progress?.Report(new ReplayProgress(Examined, Total, Replayed, Skipped, Failed));
            }
        }
        finally
        {
            // Acknowledged messages are gone; this returns exactly the held ones (and one taken when an error struck).
            await AmqpSession.ReturnUnacknowledgedAsync(source, lastTaken);
            await source.DisposeAsync();
        }

        return new ReplayResult(ReplayId, queue, Examined, Replayed, Skipped, Failed, [.. _destinations], [.. _failures]);
    }

    /// <summary>Publishes, then acknowledges, a matching message; any other stays held (unacknowledged) until the pass ends.</summary>
    private async Task MoveAsync(IChannel source, ReplayPublisher publisher, DeliveredMessage message, CancellationToken cancellationToken)
    {
        if (!filter.Matches(message.Message))
        {
            Skipped++;
            return;
        }

        var destination = ReplayEnvelope.DestinationFor(queue, message.Message.InputAddress);
        if (await publisher.PublishAsync(message, destination, cancellationToken) is { } error)
        {
            Failed++;
            if (_failures.Count < MaxReportedFailures)
            {
                _failures.Add(new ReplayFailure(message.Message.MessageId, destination, error));
            }

            return;
        }

        // Confirmed: remove it now, even if the caller is cancelling, so a confirmed message is not left to replay twice.
        await source.BasicAckAsync(message.DeliveryTag, multiple: false, CancellationToken.None);
        _destinations.Add(destination);
        Replayed++;
    }
}
