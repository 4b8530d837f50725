using RabbitMQ.Client;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>A message taken from a dead-letter queue (not yet acknowledged), with what its headers and body say.</summary>
internal sealed record DeliveredMessage(ulong DeliveryTag, IReadOnlyBasicProperties Properties, ReadOnlyMemory<byte> Body, MessageBody ParsedBody, DeadLetterMessage Message)
{
    public static DeliveredMessage From(BasicGetResult result)
    {
        var body = MessageBody.Parse(result.Body);
        var message = DeadLetterMessage.Read(result.BasicProperties.MessageId, result.BasicProperties.Headers, body);
        return new DeliveredMessage(result.DeliveryTag, result.BasicProperties, result.Body, body, message);
    }

    public DeadLetterMessageDetail Detail(string queue) => new(
        queue,
        Message,
        ReplayEnvelope.DestinationFor(queue, Message.InputAddress),
        Properties.ContentType,
        HeaderValues.AllAsText(Properties.Headers),
        ParsedBody.Pretty);
}
