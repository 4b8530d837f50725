using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Admin;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Moments;

internal static class MomentExtensions
{
    /// <summary>
    /// Customer moments (客户朋友圈; settings: section <c>Moments</c>): the tag lookup behind the admin API, the task
    /// creation and polling, and the scheduler. Needs <c>AddWeComAccess</c>; the consumer goes on the bus with
    /// <see cref="AddMomentConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMoments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMomentServices(builder.Configuration);
        builder.Services.AddHostedService<MomentScheduler>();
        return builder;
    }

    /// <summary>Everything the consumer and scheduler need besides the WeCom API and tokens.</summary>
    public static IServiceCollection AddMomentServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<MomentOptions>(MomentOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.AddMediaLibrary(configuration);
        services.AddCustomerAutomationServices(configuration); // the corp tag directory
        services.TryAddScoped<MomentPublisher>();
        services.TryAddScoped<IMomentTagResolver, MomentTagResolver>();
        return services;
    }

    /// <summary>The moments' consumer on its own queue, <c>moment</c>.</summary>
    public static IBusRegistrationConfigurator AddMomentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MomentConsumer>();
        return bus;
    }
}
