using Microsoft.Extensions.Options;
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
        builder.Services.AddOptions<WeComOptions>().BindConfiguration(WeComOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>();
        builder.Services.AddOptions<ReceiverOptions>().BindConfiguration(ReceiverOptions.SectionName);
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
