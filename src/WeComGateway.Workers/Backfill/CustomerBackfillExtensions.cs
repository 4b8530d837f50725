using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Configuration;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Backfill;

internal static class CustomerBackfillExtensions
{
    /// <summary>
    /// The existing-customer backfill's services (settings: section <c>Backfill</c>). Needs <c>AddWeComAccess</c> and
    /// <c>AddCustomerAutomation</c> (the facts it seeds, the rule set it keeps the lifecycle tags consistent with); its
    /// consumer goes on the bus with <see cref="AddCustomerBackfillConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCustomerBackfill(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCustomerBackfillServices(builder.Configuration);
        return builder;
    }

    /// <summary>Everything the consumer needs besides the WeCom API, tokens and the customer-automation services.</summary>
    public static IServiceCollection AddCustomerBackfillServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<BackfillOptions>(BackfillOptions.SectionName, configuration);
        services.AddCustomerAutomationServices(configuration);
        services.TryAddScoped<CustomerBackfill>();
        return services;
    }

    /// <summary>The backfill consumer on its own queue, <c>customer-backfill</c>: after create_auth and on request.</summary>
    public static IBusRegistrationConfigurator AddCustomerBackfillConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CustomerBackfillConsumer, CustomerBackfillConsumerDefinition>();
        return bus;
    }
}
