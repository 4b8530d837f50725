using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using WeComGateway.Storage.Corps;
using WeComGateway.Storage.Dedupe;
using WeComGateway.Storage.Outbox;
using WeComGateway.Storage.Tickets;

namespace WeComGateway.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string RedisConnectionName = "Redis";

    /// <summary>
    /// Redis stores when <c>ConnectionStrings:Redis</c> is set, otherwise in-memory stores (the embedded default).
    /// The Redis client never blocks start-up and fails fast while disconnected, so a Redis outage costs a callback
    /// milliseconds, not the client's multi-second backlog timeout.
    /// </summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var connectionString = configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IDedupeStore, InMemoryDedupeStore>();
            services.TryAddSingleton<ISuiteTicketStore, InMemorySuiteTicketStore>();
            services.TryAddSingleton<ICallbackOutbox, InMemoryCallbackOutbox>();
            services.TryAddSingleton<ICorpDirectory>(_ => new InMemoryCorpDirectory(
                configuration.GetSection("WeCom:DemoCorpIds").Get<string[]>() ?? []));
            return services;
        }

        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisOptions(connectionString)));
        services.TryAddSingleton<IDedupeStore, RedisDedupeStore>();
        services.TryAddSingleton<ISuiteTicketStore, RedisSuiteTicketStore>();
        services.TryAddSingleton<ICallbackOutbox, RedisCallbackOutbox>();
        services.TryAddSingleton<ICorpDirectory, RedisCorpDirectory>();
        return services;
    }

    public static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 1000;
        }

        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        return options;
    }
}
