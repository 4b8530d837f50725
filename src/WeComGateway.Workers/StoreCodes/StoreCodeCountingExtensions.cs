using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.StoreCodes;

internal static class StoreCodeCountingExtensions
{
    /// <summary>The store-code and group-code counting (settings: section <c>StoreCodes</c>); its consumer goes on the bus with <see cref="AddStoreCodeCountingConsumers"/>.</summary>
    public static IHostApplicationBuilder AddStoreCodeCounting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStoreCodeCountingServices(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddStoreCodeCountingServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayStores(configuration);
        services.AddValidatedOptions<StoreCodeOptions>(StoreCodeOptions.SectionName, configuration);
        services.TryAddSingleton<WorkerMetrics>();
        return services;
    }

    /// <summary>The counting consumer on its own queue, <c>store-code-counting</c>.</summary>
    public static IBusRegistrationConfigurator AddStoreCodeCountingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StoreCodeCountingConsumer>();
        return bus;
    }
}
