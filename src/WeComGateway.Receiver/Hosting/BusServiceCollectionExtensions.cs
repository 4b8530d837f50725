using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Publishing;

namespace WeComGateway.Receiver.Hosting;

public static class BusServiceCollectionExtensions
{
    /// <summary>
    /// RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set (publisher confirms on, every event exchange declared at
    /// start so subscribers can bind before the first event), otherwise MassTransit's in-memory transport.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayBus(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString(RabbitMqHost.ConnectionName);
        builder.Services.AddMassTransit(bus =>
        {
            if (string.IsNullOrWhiteSpace(rabbit))
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                RabbitMqHost.Configure(cfg, new Uri(rabbit));
                foreach (var eventType in MessageCatalogue.CallbackEvents)
                {
                    DeclareExchangeMethod.MakeGenericMethod(eventType).Invoke(null, [cfg]);
                }

                cfg.DeployPublishTopology = true;
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = false; // serve (and spool to the outbox) while the broker is down
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSingleton<IEventPublisher, MassTransitEventPublisher>();
        return builder;
    }

    private static readonly System.Reflection.MethodInfo DeclareExchangeMethod =
        typeof(BusServiceCollectionExtensions).GetMethod(nameof(DeclareExchange), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static void DeclareExchange<T>(IRabbitMqBusFactoryConfigurator cfg)
        where T : WeComCallbackEvent =>
        cfg.PublishTopology.GetMessageTopology<T>();
}
