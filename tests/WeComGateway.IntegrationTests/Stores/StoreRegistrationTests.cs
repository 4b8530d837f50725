using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Corps;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Media;
using WeComGateway.Storage.Outbox;
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>Which stores a host gets: all in Redis with a connection string, all in memory without, a test's own first.</summary>
public sealed class StoreRegistrationTests
{
    private static readonly (Type Store, Type InMemory, Type Redis)[] Stores =
    [
        (typeof(IClaimStore), typeof(InMemoryClaimStore), typeof(RedisClaimStore)),
        (typeof(ISuiteTicketStore), typeof(InMemorySuiteTicketStore), typeof(RedisSuiteTicketStore)),
        (typeof(ICallbackOutbox), typeof(InMemoryCallbackOutbox), typeof(RedisCallbackOutbox)),
        (typeof(ICorpDirectory), typeof(InMemoryCorpDirectory), typeof(RedisCorpDirectory)),
        (typeof(ITokenStore), typeof(InMemoryTokenStore), typeof(RedisTokenStore)),
        (typeof(IAuthorizationStore), typeof(InMemoryAuthorizationStore), typeof(RedisAuthorizationStore)),
        (typeof(IAuthCodeLedger), typeof(InMemoryAuthCodeLedger), typeof(RedisAuthCodeLedger)),
        (typeof(ICustomerFactsStore), typeof(InMemoryCustomerFactsStore), typeof(RedisCustomerFactsStore)),
        (typeof(ICorpTagCache), typeof(InMemoryCorpTagCache), typeof(RedisCorpTagCache)),
        (typeof(IRuleSetStore), typeof(InMemoryRuleSetStore), typeof(RedisRuleSetStore)),
        (typeof(IEmployeeNameStore), typeof(InMemoryEmployeeNameStore), typeof(RedisEmployeeNameStore)),
        (typeof(IMediaCacheStore), typeof(InMemoryMediaCacheStore), typeof(RedisMediaCacheStore)),
    ];

    [Fact]
    public void Without_a_Redis_connection_string_every_store_is_in_memory()
    {
        using var services = Build(redis: null);

        Assert.All(Stores, s => Assert.IsType(s.InMemory, services.GetRequiredService(s.Store)));
        Assert.Null(services.GetService<IConnectionMultiplexer>());
    }

    [Fact]
    public void With_a_Redis_connection_string_every_store_is_in_Redis_on_one_multiplexer()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(RealServices.Redis);

        services.AddGatewayStores(configuration);
        services.AddGatewayStores(configuration); // as every feature of a host asks for them
        using var provider = services.AddLogging().BuildServiceProvider();

        Assert.All(Stores, s => Assert.IsType(s.Redis, provider.GetRequiredService(s.Store)));
        Assert.Single(services, d => d.ServiceType == typeof(IConnectionMultiplexer));
        Assert.Single(services, d => d.ServiceType == typeof(IClaimStore));
    }

    [Fact]
    public void A_store_the_test_registered_first_is_kept()
    {
        var own = new InMemoryCustomerFactsStore();

        using var services = Build(RealServices.Redis, s => s.AddSingleton<ICustomerFactsStore>(own));

        Assert.Same(own, services.GetRequiredService<ICustomerFactsStore>());
    }

    [Fact]
    public async Task In_memory_the_receivers_corp_directory_sees_what_the_authorization_worker_stored()
    {
        using var services = Build(redis: null);
        var authorization = new CorpAuthorization("ww0000democorp0001", "ww0000demosuite001", "perm", "演示企业", DateTimeOffset.UtcNow);

        await services.GetRequiredService<IAuthorizationStore>().SaveAsync(authorization, default);

        Assert.True(await services.GetRequiredService<ICorpDirectory>().IsKnownAsync(authorization.CorpId, default));
    }

    private static ServiceProvider Build(string? redis, Action<IServiceCollection>? first = null)
    {
        var services = new ServiceCollection().AddLogging();
        first?.Invoke(services);
        return services.AddGatewayStores(Configuration(redis)).BuildServiceProvider();
    }

    private static IConfiguration Configuration(string? redis) => new ConfigurationBuilder()
        .AddInMemoryCollection(
        [
            new("ConnectionStrings:Redis", redis),
            new("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        ])
        .Build();
}
