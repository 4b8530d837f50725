using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Admin;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Channels;

internal static class ChannelExtensions
{
    /// <summary>
    /// Channels (渠道活码) and their statistics (settings: section <c>Channels</c>): the channel manager behind the
    /// admin API, the channel directory the rules see, and the daily reconciliation against WeCom. Needs
    /// <c>AddWeComAccess</c>; the statistics consumer goes on the bus with <see cref="AddChannelConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddChannelServices(builder.Configuration);
        builder.Services.AddSingleton<ChannelReconciliation>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChannelReconciliation>());
        return builder;
    }

    /// <summary>Everything but the scheduler (tests run it by hand) and the WeCom API and tokens.</summary>
    public static IServiceCollection AddChannelServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<ChannelOptions>(ChannelOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.TryAddSingleton<ChannelDirectoryProvider>();
        services.TryAddScoped<IChannelManager, ChannelManager>();
        return services;
    }

    /// <summary>The channel statistics on their own queue, <c>channel-stats</c>.</summary>
    public static IBusRegistrationConfigurator AddChannelConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ChannelStatsConsumer>();
        return bus;
    }
}
