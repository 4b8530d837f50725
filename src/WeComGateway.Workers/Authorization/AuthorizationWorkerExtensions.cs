using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WeComGateway.Storage;

namespace WeComGateway.Workers.Authorization;

internal static class AuthorizationWorkerExtensions
{
    /// <summary>
    /// The authorization worker's services: the authorization store (Redis or in-memory, permanent codes encrypted
    /// with <c>Gateway:SecretsKey</c>) and the permanent-code exchange. Needs <c>AddWeComAccess</c>; its consumers go
    /// on the bus with <see cref="AddAuthorizationConsumers"/>.
    /// </summary>
    public static IHostApplicationBuilder AddAuthorizationWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationWorkerServices(builder.Configuration);
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

    /// <summary>The four lifecycle consumers: install, change, uninstall, permanent-code reset.</summary>
    public static IBusRegistrationConfigurator AddAuthorizationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AuthorizationCreatedConsumer>();
        bus.AddConsumer<AuthorizationChangedConsumer>();
        bus.AddConsumer<AuthorizationCancelledConsumer>();
        bus.AddConsumer<PermanentCodeResetConsumer>();
        return bus;
    }
}
