using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Receiver.Publishing;

/// <summary>
/// Publishes to the event's fanout exchange with publisher confirms (MassTransit's default) and the mandatory flag.
/// A message no queue is bound for comes back from RabbitMQ; rather than let it vanish, it is sent to the durable
/// <c>wecomgw.unrouted</c> queue where ops can see it.
/// </summary>
public sealed class MassTransitEventPublisher(IBus bus, ILogger<MassTransitEventPublisher> logger) : IEventPublisher
{
    public const string UnroutedQueue = "wecomgw.unrouted";
    private static readonly Uri UnroutedAddress = new($"exchange:{UnroutedQueue}?bind=true&queue={UnroutedQueue}");

    public async Task PublishAsync(WeComCallbackEvent message, CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context => Stamp(context, message, mandatory: true)), cancellationToken);
        }
        catch (MessageReturnedException)
        {
            logger.LogWarning(
                "No queue is bound for {MessageType}; {DedupeKey} parked in {Queue}",
                message.GetType().Name, message.DedupeKey, UnroutedQueue);
            var endpoint = await bus.GetSendEndpoint(UnroutedAddress);
            await endpoint.Send(message, message.GetType(), Pipe.Execute<SendContext>(context => Stamp(context, message, mandatory: false)), cancellationToken);
        }
    }

    private static void Stamp(SendContext context, WeComCallbackEvent message, bool mandatory)
    {
        context.MessageId = MessageIds.For(message.DedupeKey);
        context.Durable = true;
        context.Headers.Set(GatewayHeaders.SuiteId, message.SuiteId);
        context.Headers.Set(GatewayHeaders.DedupeKey, message.DedupeKey);
        if (message.CorpId is not null)
        {
            context.Headers.Set(GatewayHeaders.CorpId, message.CorpId);
        }

        if (mandatory && context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }
}
