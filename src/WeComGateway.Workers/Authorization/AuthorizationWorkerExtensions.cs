using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Storage;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Authorization;

public static class AuthorizationWorkerExtensions
{
    /// <summary>
    /// The authorization worker: stores (Redis or in-memory, permanent codes encrypted with <c>Gateway:SecretsKey</c>),
    /// the WeCom API clients and token provider, and the four lifecycle consumers on the worker bus.
    /// </summary>
    public static IHostApplicationBuilder AddAuthorizationWorker(this IHostApplicationBuilder builder)
    {
        builder.AddWeComAccess();
        builder.Services.AddAuthorizationWorkerServices(builder.Configuration);
        builder.AddWorkerConsumers(bus => bus.AddAuthorizationConsumers());
        return builder;
    }

    /// <summary>Everything the consumers need except the WeCom API and tokens (tests bring fakes for those).</summary>
    public static IServiceCollection AddAuthorizationWorkerServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewayStores(configuration);
        services.TryAddScoped<PermanentCodeExchange>();
        return services;
    }

    public static IBusRegistrationConfigurator AddAuthorizationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AuthorizationCreatedConsumer>();
        bus.AddConsumer<AuthorizationChangedConsumer>();
        bus.AddConsumer<AuthorizationCancelledConsumer>();
        bus.AddConsumer<PermanentCodeResetConsumer>();
        return bus;
    }
}
