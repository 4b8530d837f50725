using RabbitMQ.Client;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Looks at messages without removing them: <c>basic.get</c> without acknowledging, then one <c>basic.nack</c>
/// (multiple, requeue) that puts them all back where they were. The same holds if the process dies in between: the
/// broker requeues whatever the closed channel held. While looked at, those messages are invisible to other readers.
/// </summary>
internal static class QueuePeek
{
    /// <summary>Up to <paramref name="max"/> messages from the head, in queue order; stops early at the first one <paramref name="stopAt"/> accepts.</summary>
    public static async Task<IReadOnlyList<DeliveredMessage>> PeekAsync(
        IChannel channel, string queue, long max, Func<DeliveredMessage, bool>? stopAt, CancellationToken cancellationToken)
    {
        var messages = new List<DeliveredMessage>();
        ulong last = 0;
        try
        {
            while (messages.Count < max && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } result)
            {
                last = result.DeliveryTag;
                var message = DeliveredMessage.From(result);
                messages.Add(message);
                if (stopAt?.Invoke(message) == true)
                {
                    break;
                }
            }
        }
        finally
        {
            await AmqpSession.ReturnUnacknowledgedAsync(channel, last);
        }

        return messages;
    }
}
