using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Messaging;

namespace WeComGateway.Workers.Leads;

internal static class LeadPoolExtensions
{
    /// <summary>
    /// The lead pool (settings: section <c>Leads</c>) and its scheduler. Needs <c>AddWeComAccess</c>; its consumer goes
    /// on the bus with <see cref="AddLeadPoolConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddLeadPool(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLeadPoolServices(builder.Configuration);
        builder.Services.AddHostedService<LeadScheduler>();
        return builder;
    }

    /// <summary>Everything the consumer and scheduler need besides the WeCom API and tokens.</summary>
    public static IServiceCollection AddLeadPoolServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<LeadOptions>(LeadOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.TryAddScoped<AppMessenger>();
        services.TryAddScoped<LeadPool>();
        services.TryAddScoped<LeadReminder>();
        services.TryAddScoped<LeadMatcher>();
        return services;
    }

    /// <summary>The lead pool's consumer on its own queue, <c>lead-pool</c>.</summary>
    public static IBusRegistrationConfigurator AddLeadPoolConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<LeadPoolConsumer>();
        return bus;
    }
}
