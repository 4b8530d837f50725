using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;
using WeComGateway.Workers.Tags;
using WeComGateway.Workers.Welcome;

namespace WeComGateway.Workers.Customers;

internal static class CustomerAutomationExtensions
{
    /// <summary>
    /// Customer automation's services: rule sets, customer stores, the tag directory and the scheduled time-based
    /// re-evaluation. Settings: section <c>Automation</c>. Needs <c>AddWeComAccess</c>; its consumers go on the bus
    /// with <see cref="AddCustomerAutomationConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCustomerAutomation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCustomerAutomationServices(builder.Configuration);
        builder.Services.AddHostedService<ReevaluationScheduler>();
        return builder;
    }

    /// <summary>Everything the consumers need except the WeCom API and tokens (tests bring fakes for those).</summary>
    public static IServiceCollection AddCustomerAutomationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<AutomationOptions>(AutomationOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        services.TryAddSingleton<RuleSetProvider>();
        services.AddChannelServices(configuration); // the channel directory the rules see
        services.AddMediaLibrary(configuration); // welcome attachments by path or URL
        services.TryAddSingleton<CustomerFactsRepository>();
        services.TryAddScoped<CorpTagDirectory>();
        services.TryAddScoped<CustomerTagReader>();
        services.TryAddScoped<CustomerRemarkWriter>();
        services.TryAddScoped<CustomerEffects>();
        services.TryAddScoped<CustomerAutomation>();
        return services;
    }

    /// <summary>
    /// Tagging rules and lifecycle stages (<c>customer-automation</c> queue), welcome messages (<c>welcome</c> queue,
    /// own concurrency), tag-cache refresh on change_external_tag (<c>corp-tag-changed</c>), employee names.
    /// </summary>
    public static IBusRegistrationConfigurator AddCustomerAutomationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CustomerAutomationConsumer>();
        bus.AddConsumer<WelcomeConsumer, WelcomeConsumerDefinition>();
        bus.AddConsumer<CorpTagChangedConsumer>();
        bus.AddConsumer<EmployeeDirectoryConsumer>();
        return bus;
    }
}
