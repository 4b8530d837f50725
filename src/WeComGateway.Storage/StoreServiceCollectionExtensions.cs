using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using WeComGateway.Storage.Alerts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Channels;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Corps;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Fission;
using WeComGateway.Storage.Leads;
using WeComGateway.Storage.Media;
using WeComGateway.Storage.Moments;
using WeComGateway.Storage.Outbox;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;
using WeComGateway.Storage.Webhooks;

namespace WeComGateway.Storage;

public static class StoreServiceCollectionExtensions
{
    public const string RedisConnectionName = "Redis";

    /// <summary>True when <c>ConnectionStrings:Redis</c> is set: the stores are in Redis, not in memory.</summary>
    public static bool UsesRedis(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisConnectionName));

    /// <summary>
    /// Every store of the gateway, and the secrets the authorization store encrypts with: all in Redis (one
    /// multiplexer) when <c>ConnectionStrings:Redis</c> is set, otherwise all in memory (the embedded default, TTLs on
    /// <see cref="TimeProvider"/>). Decided once however many features ask; registered with TryAdd, so a store a test
    /// registered first is kept.
    /// </summary>
    public static IServiceCollection AddGatewayStores(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(StoresRegistered)))
        {
            return services;
        }

        services.AddSingleton<StoresRegistered>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGatewaySecrets(configuration);
        if (UsesRedis(configuration))
        {
            AddRedisStores(services, configuration.GetConnectionString(RedisConnectionName)!);
        }
        else
        {
            AddInMemoryStores(services);
        }

        return services;
    }

    private static void AddRedisStores(IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => RedisConnection.Connect(connectionString));
        services.TryAddSingleton<IClaimStore, RedisClaimStore>();
        services.TryAddSingleton<ISuiteTicketStore, RedisSuiteTicketStore>();
        services.TryAddSingleton<ICallbackOutbox, RedisCallbackOutbox>();
        services.TryAddSingleton<ICorpDirectory, RedisCorpDirectory>();
        services.TryAddSingleton<ITokenStore, RedisTokenStore>();
        services.TryAddSingleton<IAuthorizationStore, RedisAuthorizationStore>();
        services.TryAddSingleton<IAuthCodeLedger, RedisAuthCodeLedger>();
        services.TryAddSingleton<ICustomerFactsStore, RedisCustomerFactsStore>();
        services.TryAddSingleton<ICorpTagCache, RedisCorpTagCache>();
        services.TryAddSingleton<IRuleSetStore, RedisRuleSetStore>();
        services.TryAddSingleton<IEmployeeNameStore, RedisEmployeeNameStore>();
        services.TryAddSingleton<ICustomerBackfillStore, RedisCustomerBackfillStore>();
        services.TryAddSingleton<IFissionStore, RedisFissionStore>();
        services.TryAddSingleton<IStoreCodeStore, RedisStoreCodeStore>();
        services.TryAddSingleton<ILeadStore, RedisLeadStore>();
        services.TryAddSingleton<IDeletionAlertSettingsStore, RedisDeletionAlertSettingsStore>();
        services.TryAddSingleton<IChannelStore, RedisChannelStore>();
        services.TryAddSingleton<IChannelStatsStore, RedisChannelStatsStore>();
        services.TryAddSingleton<ICampaignStore, RedisCampaignStore>();
        services.TryAddSingleton<IMediaCacheStore, RedisMediaCacheStore>();
        services.TryAddSingleton<IMomentStore, RedisMomentStore>();
        services.TryAddSingleton<IWebhookStore, RedisWebhookStore>();
    }

    private static void AddInMemoryStores(IServiceCollection services)
    {
        AddInMemory<IClaimStore, InMemoryClaimStore>(services);
        AddInMemory<ISuiteTicketStore, InMemorySuiteTicketStore>(services);
        AddInMemory<ICallbackOutbox, InMemoryCallbackOutbox>(services);
        AddInMemory<ICorpDirectory, InMemoryCorpDirectory>(services);
        AddInMemory<ITokenStore, InMemoryTokenStore>(services);
        AddInMemory<IAuthorizationStore, InMemoryAuthorizationStore>(services);
        AddInMemory<IAuthCodeLedger, InMemoryAuthCodeLedger>(services);
        AddInMemory<ICustomerFactsStore, InMemoryCustomerFactsStore>(services);
        AddInMemory<ICorpTagCache, InMemoryCorpTagCache>(services);
        AddInMemory<IRuleSetStore, InMemoryRuleSetStore>(services);
        AddInMemory<IEmployeeNameStore, InMemoryEmployeeNameStore>(services);
        AddInMemory<ICustomerBackfillStore, InMemoryCustomerBackfillStore>(services);
        AddInMemory<IFissionStore, InMemoryFissionStore>(services);
        AddInMemory<IStoreCodeStore, InMemoryStoreCodeStore>(services);
        AddInMemory<ILeadStore, InMemoryLeadStore>(services);
        AddInMemory<IDeletionAlertSettingsStore, InMemoryDeletionAlertSettingsStore>(services);
        AddInMemory<IChannelStore, InMemoryChannelStore>(services);
        AddInMemory<IChannelStatsStore, InMemoryChannelStatsStore>(services);
        AddInMemory<ICampaignStore, InMemoryCampaignStore>(services);
        AddInMemory<IMediaCacheStore, InMemoryMediaCacheStore>(services);
        AddInMemory<IMomentStore, InMemoryMomentStore>(services);
        AddInMemory<IWebhookStore, InMemoryWebhookStore>(services);
    }

    /// <summary>One instance per store; the ones holding corp data also forget a corp at cancel_auth.</summary>
    private static void AddInMemory<TStore, TImplementation>(IServiceCollection services)
        where TStore : class
        where TImplementation : class, TStore
    {
        services.TryAddSingleton<TImplementation>();
        services.TryAddSingleton<TStore>(sp => sp.GetRequiredService<TImplementation>());
        if (typeof(IInMemoryCorpData).IsAssignableFrom(typeof(TImplementation)))
        {
            services.AddSingleton(sp => (IInMemoryCorpData)sp.GetRequiredService<TImplementation>());
        }
    }

    private sealed class StoresRegistered;
}
