using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Publishing;

namespace WeComGateway.Receiver.Hosting;

public static class BusServiceCollectionExtensions
{
    public const string RabbitMqConnectionName = "RabbitMq";

    /// <summary>
    /// RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set (publisher confirms on, every event exchange declared at
    /// start so subscribers can bind before the first event), otherwise MassTransit's in-memory transport.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayBus(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString(RabbitMqConnectionName);
        builder.Services.AddMassTransit(bus =>
        {
            if (string.IsNullOrWhiteSpace(rabbit))
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                ConfigureHost(cfg, new Uri(rabbit));
                foreach (var eventType in OutboxSerializer.EventTypes)
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

    /// <summary><c>amqp://user:pass@host:5672/vhost</c> (or amqps) → MassTransit host settings.</summary>
    public static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri amqp)
    {
        var secure = amqp.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
        var port = amqp.IsDefaultPort || amqp.Port <= 0 ? (secure ? 5671 : 5672) : amqp.Port;
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        var credentials = amqp.UserInfo.Split(':', 2);
        cfg.Host(amqp.Host, (ushort)port, virtualHost.Length == 0 ? "/" : virtualHost, host =>
        {
            if (credentials[0].Length > 0)
            {
                host.Username(Uri.UnescapeDataString(credentials[0]));
                host.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
            }

            host.PublisherConfirmation = true;
            host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
            if (secure)
            {
                host.UseSsl(ssl => ssl.ServerName = amqp.Host);
            }
        });
    }

    private static readonly System.Reflection.MethodInfo DeclareExchangeMethod =
        typeof(BusServiceCollectionExtensions).GetMethod(nameof(DeclareExchange), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static void DeclareExchange<T>(IRabbitMqBusFactoryConfigurator cfg)
        where T : WeComCallbackEvent =>
        cfg.PublishTopology.GetMessageTopology<T>();
}
