using MassTransit;
using Microsoft.Extensions.Options;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Welcome;

/// <summary>
/// The welcome queue's own concurrency (<c>Automation:Welcome:ConcurrentMessageLimit</c>) and prefetch, so welcome
/// messages are never queued behind tagging or authorization work.
/// </summary>
internal sealed class WelcomeConsumerDefinition : ConsumerDefinition<WelcomeConsumer>
{
    public WelcomeConsumerDefinition(IOptions<AutomationOptions> options)
    {
        ConcurrentMessageLimit = options.Value.Welcome.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<WelcomeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, ConcurrentMessageLimit ?? 1);
        }
    }
}
