using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Storage.Authorizations;

public static class AuthorizationStoreServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IAuthorizationStore"/> and <see cref="IAuthCodeLedger"/>: Redis when <c>ConnectionStrings:Redis</c>
    /// is set (permanent codes encrypted with <c>Gateway:SecretsKey</c>, required), otherwise in memory.
    /// </summary>
    public static IServiceCollection AddAuthorizationStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewaySecrets(configuration);
        var connectionString = configuration.GetConnectionString(StorageServiceCollectionExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IAuthorizationStore, InMemoryAuthorizationStore>();
            services.TryAddSingleton<IAuthCodeLedger, InMemoryAuthCodeLedger>();
            return services;
        }

        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
            ConnectionMultiplexer.Connect(StorageServiceCollectionExtensions.RedisOptions(connectionString)));
        services.TryAddSingleton<IAuthorizationStore, RedisAuthorizationStore>();
        services.TryAddSingleton<IAuthCodeLedger, RedisAuthCodeLedger>();
        return services;
    }
}
