using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Admin;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Campaigns;

internal static class CampaignExtensions
{
    /// <summary>
    /// Campaigns (群发; settings: section <c>Campaigns</c>): the planner and runner, the manager behind the admin API, and
    /// the scheduler that publishes due steps. Needs <c>AddWeComAccess</c> and <c>AddCustomerAutomation</c> (rule sets,
    /// facts) and <c>AddChannels</c> (channel names); the step consumer goes on the bus with <see cref="AddCampaignConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCampaignServices(builder.Configuration);
        builder.Services.AddSingleton<CampaignScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CampaignScheduler>());
        return builder;
    }

    /// <summary>Everything but the scheduler (tests run it by hand) and the WeCom API and tokens.</summary>
    public static IServiceCollection AddCampaignServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<CampaignOptions>(CampaignOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.AddMediaLibrary(configuration);
        services.TryAddScoped<CampaignAudiences>();
        services.TryAddScoped<CampaignRunner>();
        services.TryAddScoped<ICampaignManager, CampaignManager>();
        return services;
    }

    /// <summary>Campaign steps on their own queue, <c>campaign</c>.</summary>
    public static IBusRegistrationConfigurator AddCampaignConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CampaignConsumer>();
        return bus;
    }
}
