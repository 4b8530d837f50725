using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace WeComGateway.Storage.Tokens;

public static class TokenStoreServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="RedisTokenStore"/> when <c>ConnectionStrings:Redis</c> is set (sharing the one multiplexer
    /// <see cref="StorageServiceCollectionExtensions.AddGatewayStorage"/> registers), otherwise <see cref="InMemoryTokenStore"/>.
    /// </summary>
    public static IServiceCollection AddTokenStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var connectionString = configuration.GetConnectionString(StorageServiceCollectionExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<ITokenStore, InMemoryTokenStore>();
            return services;
        }

        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
            ConnectionMultiplexer.Connect(StorageServiceCollectionExtensions.RedisOptions(connectionString)));
        services.TryAddSingleton<ITokenStore, RedisTokenStore>();
        return services;
    }
}
