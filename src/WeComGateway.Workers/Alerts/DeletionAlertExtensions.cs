using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Configuration;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Messaging;

namespace WeComGateway.Workers.Alerts;

internal static class DeletionAlertExtensions
{
    /// <summary>
    /// Customer deletion alerts (settings: section <c>DeletionAlerts</c>). Needs <c>AddWeComAccess</c> and
    /// <c>AddCustomerAutomation</c> (the customer facts the card shows); its consumer goes on the bus with
    /// <see cref="AddDeletionAlertConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDeletionAlerts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDeletionAlertServices(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddDeletionAlertServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DeletionAlertOptions>(DeletionAlertOptions.SectionName, configuration);
        services.AddCustomerAutomationServices(configuration);
        services.TryAddScoped<AppMessenger>();
        return services;
    }

    /// <summary>The alert consumer on its own queue, <c>deletion-alert</c>.</summary>
    public static IBusRegistrationConfigurator AddDeletionAlertConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeletionAlertConsumer>();
        return bus;
    }
}
