using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Customers;

/// <summary>Which customer stores a host gets: Redis with a connection string, in memory without, a test's own first.</summary>
public sealed class CustomerStoreRegistrationTests
{
    [Fact]
    public void Without_a_Redis_connection_string_the_stores_are_in_memory()
    {
        using var services = Build(redis: null);

        Assert.IsType<InMemoryCustomerFactsStore>(services.GetRequiredService<ICustomerFactsStore>());
        Assert.IsType<InMemoryWelcomeClaimStore>(services.GetRequiredService<IWelcomeClaimStore>());
        Assert.IsType<InMemoryCorpTagCache>(services.GetRequiredService<ICorpTagCache>());
        Assert.IsType<InMemoryRuleSetStore>(services.GetRequiredService<IRuleSetStore>());
    }

    [Fact]
    public void With_a_Redis_connection_string_the_stores_are_in_Redis()
    {
        using var services = Build(RealServices.Redis);

        Assert.IsType<RedisCustomerFactsStore>(services.GetRequiredService<ICustomerFactsStore>());
        Assert.IsType<RedisWelcomeClaimStore>(services.GetRequiredService<IWelcomeClaimStore>());
        Assert.IsType<RedisCorpTagCache>(services.GetRequiredService<ICorpTagCache>());
        Assert.IsType<RedisRuleSetStore>(services.GetRequiredService<IRuleSetStore>());
    }

    [Fact]
    public void A_store_the_test_registered_first_is_kept()
    {
        var own = new InMemoryCustomerFactsStore();

        using var services = Build(RealServices.Redis, s => s.AddSingleton<ICustomerFactsStore>(own));

        Assert.Same(own, services.GetRequiredService<ICustomerFactsStore>());
    }

    private static ServiceProvider Build(string? redis, Action<IServiceCollection>? first = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Redis", redis)])
            .Build();
        var services = new ServiceCollection();
        first?.Invoke(services);
        return services.AddCustomerStores(configuration).BuildServiceProvider();
    }
}
