using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// One AMQP connection for one DLQ operation (they are rare and short; nothing is kept open between them).
/// Closing it requeues, in their original positions, every message taken and not acknowledged.
/// </summary>
internal sealed class AmqpSession : IAsyncDisposable
{
    private AmqpSession(IConnection connection) => Connection = connection;

    public IConnection Connection { get; }

    public static async Task<AmqpSession> OpenAsync(DeadLetterOptions options, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = options.AmqpUri,
            UserName = options.AmqpCredentials.UserName,
            Password = options.AmqpCredentials.Password,
            VirtualHost = options.VirtualHost,
            ClientProvidedName = "wecomgw-dlq",
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = options.Timeout,
        };
        try
        {
            return new AmqpSession(await factory.CreateConnectionAsync(cancellationToken));
        }
        catch (BrokerUnreachableException ex)
        {
            throw new DeadLetterBrokerUnavailableException($"RabbitMQ at {options.AmqpUri.Authority} is unreachable or refused the credentials: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    /// <summary>A channel for taking, acknowledging and returning messages.</summary>
    public Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken) => Connection.CreateChannelAsync(cancellationToken: cancellationToken);

    /// <summary>A channel whose publishes complete only once the broker confirmed them (a nack or return throws).</summary>
    public Task<IChannel> OpenConfirmedChannelAsync(CancellationToken cancellationToken) =>
        Connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

    /// <summary>The queue's ready messages, or <see cref="DeadLetterQueueNotFoundException"/> (which closes the channel).</summary>
    public static async Task<long> DepthAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            throw new DeadLetterQueueNotFoundException(queue);
        }
    }

    /// <summary>
    /// Puts back every message the channel took and did not acknowledge, up to <paramref name="lastDeliveryTag"/>, where
    /// it was. Best effort: if the channel is already gone, the broker has requeued them anyway.
    /// </summary>
    public static async Task ReturnUnacknowledgedAsync(IChannel channel, ulong lastDeliveryTag)
    {
        if (lastDeliveryTag == 0 || channel.IsClosed)
        {
            return;
        }

        try
        {
            await channel.BasicNackAsync(lastDeliveryTag, multiple: true, requeue: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // The channel closed meanwhile: the broker requeued them.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.CloseAsync();
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Closing is best effort; the broker notices a dropped connection and requeues.
        }

        await Connection.DisposeAsync();
    }
}
