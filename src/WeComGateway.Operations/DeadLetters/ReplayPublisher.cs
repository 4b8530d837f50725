using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Publishes replayed messages with publisher confirms and the mandatory flag, so "published" means the broker
/// stored it in at least one queue. Checks once per run that each destination exchange exists (publishing to a
/// missing one would close the channel); a channel that broke is opened again for the next message.
/// </summary>
internal sealed class ReplayPublisher(AmqpSession session, Guid replayId, TimeProvider time) : IAsyncDisposable
{
    private readonly Dictionary<string, bool> _exchanges = new(StringComparer.Ordinal);
    private IChannel? _channel;

    /// <summary>Null when published and confirmed; otherwise why not (the message then stays in the dead-letter queue).</summary>
    public async Task<string?> PublishAsync(DeliveredMessage message, string exchange, CancellationToken cancellationToken)
    {
        if (!await ExchangeExistsAsync(exchange, cancellationToken))
        {
            return $"exchange '{exchange}' does not exist (is the worker for it deployed?)";
        }

        var properties = new BasicProperties(message.Properties)
        {
            Headers = ReplayEnvelope.HeadersFor(message.Properties.Headers, replayId, time.GetUtcNow()),
            Persistent = true,
        };
        try
        {
            _channel ??= await session.OpenConfirmedChannelAsync(cancellationToken);
            await _channel.BasicPublishAsync(exchange, routingKey: string.Empty, mandatory: true, properties, message.Body, cancellationToken);
            return null;
        }
        catch (PublishReturnException ex)
        {
            return $"exchange '{exchange}' routed it to no queue ({ex.ReplyText})";
        }
        catch (Exception ex) when (ex is PublishException or AlreadyClosedException or OperationInterruptedException)
        {
            await ResetAsync();
            return $"publish to '{exchange}' not confirmed: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync() => await ResetAsync();

    private async Task<bool> ExchangeExistsAsync(string exchange, CancellationToken cancellationToken)
    {
        if (_exchanges.TryGetValue(exchange, out var exists))
        {
            return exists;
        }

        // A passive declare of a missing exchange closes its channel: probe on a throwaway one.
        await using var probe = await session.OpenChannelAsync(cancellationToken);
        try
        {
            await probe.ExchangeDeclarePassiveAsync(exchange, cancellationToken);
            exists = true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            exists = false;
        }

        _exchanges[exchange] = exists;
        return exists;
    }

    private async Task ResetAsync()
    {
        if (_channel is null)
        {
            return;
        }

        try
        {
            await _channel.CloseAsync();
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // Already gone.
        }

        await _channel.DisposeAsync();
        _channel = null;
    }
}
