using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Fission;

internal static class FissionExtensions
{
    /// <summary>Fission crediting's services (the store, metrics); its consumer goes on the bus with <see cref="AddFissionConsumers"/>.</summary>
    public static IHostApplicationBuilder AddFission(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFissionServices(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddFissionServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddGatewayStores(configuration);
        services.TryAddScoped<FissionCrediting>();
        return services;
    }

    /// <summary>The fission consumer on its own queue, <c>fission</c>: adds and customer deletes.</summary>
    public static IBusRegistrationConfigurator AddFissionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<FissionConsumer>();
        return bus;
    }
}
