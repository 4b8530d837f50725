namespace WeComGateway.Operations.DeadLetters;

/// <summary>RabbitMQ (AMQP or the management API) could not be reached or refused the credentials.</summary>
public sealed class DeadLetterBrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The dead-letter queue does not exist (yet: MassTransit declares it with the first fault).</summary>
public sealed class DeadLetterQueueNotFoundException(string queue)
    : Exception($"Queue '{queue}' does not exist in this vhost.")
{
    public string Queue { get; } = queue;
}
