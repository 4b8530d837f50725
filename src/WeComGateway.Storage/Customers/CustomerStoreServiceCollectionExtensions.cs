using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace WeComGateway.Storage.Customers;

public static class CustomerStoreServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ICustomerFactsStore"/>, <see cref="IWelcomeClaimStore"/>, <see cref="ICorpTagCache"/> and
    /// <see cref="IRuleSetStore"/> and <see cref="IEmployeeNameStore"/>: Redis when <c>ConnectionStrings:Redis</c> is set (sharing the one multiplexer the other
    /// storage registrations use), otherwise thread-safe in-memory stores whose TTLs follow <see cref="TimeProvider"/>.
    /// Everything is registered with TryAdd, so a test can register its own first.
    /// </summary>
    public static IServiceCollection AddCustomerStores(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var connectionString = configuration.GetConnectionString(StorageServiceCollectionExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<ICustomerFactsStore, InMemoryCustomerFactsStore>();
            services.TryAddSingleton<IWelcomeClaimStore, InMemoryWelcomeClaimStore>();
            services.TryAddSingleton<ICorpTagCache, InMemoryCorpTagCache>();
            services.TryAddSingleton<IRuleSetStore, InMemoryRuleSetStore>();
            services.TryAddSingleton<IEmployeeNameStore, InMemoryEmployeeNameStore>();
            return services;
        }

        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
            ConnectionMultiplexer.Connect(StorageServiceCollectionExtensions.RedisOptions(connectionString)));
        services.TryAddSingleton<ICustomerFactsStore, RedisCustomerFactsStore>();
        services.TryAddSingleton<IWelcomeClaimStore, RedisWelcomeClaimStore>();
        services.TryAddSingleton<ICorpTagCache, RedisCorpTagCache>();
        services.TryAddSingleton<IRuleSetStore, RedisRuleSetStore>();
        services.TryAddSingleton<IEmployeeNameStore, RedisEmployeeNameStore>();
        return services;
    }
}
