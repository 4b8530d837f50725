using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Admin;
using WeComGateway.Configuration;
using WeComGateway.Contracts;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>The queue all fan-out consumers share.</summary>
    public const string FanOutQueue = "webhook-fan-out";

    /// <summary>
    /// Outgoing webhooks (section <c>Webhooks</c>, docs/webhooks.md): the subscriptions, the HTTP client, and the
    /// redelivery schedule of <c>webhook-delivery</c> unless <c>Workers:Redelivery:Queues</c> sets one. The consumers
    /// go on the bus with <see cref="AddWebhookConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWebhookServices(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddWebhookServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.TryAddSingleton<WebhookSubscriptions>();
        services.AddHttpClient(WebhookDeliveryConsumer.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // the consumer's own timeout
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.PostConfigure<Hosting.RedeliveryOptions>(r => r.Queues.TryAdd(WebhookOptions.DeliveryQueue, [.. WebhookOptions.RedeliveryIntervals]));
        return services;
    }

    /// <summary>
    /// One fan-out consumer per record the gateway publishes (<see cref="MessageCatalogue.Published"/>), all on
    /// <c>webhook-fan-out</c>, and the delivery consumer on <c>webhook-delivery</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddWebhookConsumers(this IBusRegistrationConfigurator bus)
    {
        var addFanOut = typeof(WebhookExtensions).GetMethod(nameof(AddFanOut), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in MessageCatalogue.Published)
        {
            addFanOut.MakeGenericMethod(type).Invoke(null, [bus]);
        }

        bus.AddConsumer<WebhookDeliveryConsumer>().Endpoint(e => e.Name = WebhookOptions.DeliveryQueue);
        return bus;
    }

    private static void AddFanOut<T>(IBusRegistrationConfigurator bus)
        where T : class => bus.AddConsumer<WebhookFanOutConsumer<T>>().Endpoint(e => e.Name = FanOutQueue);
}
