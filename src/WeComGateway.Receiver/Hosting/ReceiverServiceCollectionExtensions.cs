using WeComGateway.Configuration;
using WeComGateway.Receiver.Callbacks;
using WeComGateway.Receiver.Configuration;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Storage;

namespace WeComGateway.Receiver.Hosting;

public static class ReceiverServiceCollectionExtensions
{
    /// <summary>Suites, crypto, stores, the durable publisher (over the host's bus: <c>AddGatewayBus</c>) and the outbox relay.</summary>
    public static IHostApplicationBuilder AddWeComCallbacks(this IHostApplicationBuilder builder)
    {
        // The callback path needs a suite; other hosts (workers) read the same section and may have none.
        builder.Services.AddWeComOptions(builder.Configuration)
            .Validate(o => o.Suites.Count > 0, "WeCom:Suites is empty: configure at least one suite (SuiteId, Token, EncodingAesKey).");
        builder.Services.AddValidatedOptions<ReceiverOptions>(ReceiverOptions.SectionName, builder.Configuration);
        builder.Services.AddGatewayStores(builder.Configuration);
        builder.Services.AddSingleton<SuiteRegistry>();
        builder.Services.AddSingleton<ReceiverMetrics>();
        builder.Services.AddSingleton<IEventPublisher, MassTransitEventPublisher>();
        builder.Services.AddSingleton<DurablePublisher>();
        builder.Services.AddSingleton<CallbackReceiver>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return builder;
    }
}
