using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's own rule set overrides the default until it is deleted; against Redis and in memory.</summary>
public abstract class RuleSetStoreTests : IAsyncLifetime
{
    protected const string Rules = """{"rules":[{"when":{"category":"水果"},"tag":"爱水果"}]}""";

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IRuleSetStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_corp_without_its_own_rule_set_uses_the_default()
    {
        Assert.Null(await Store.GetAsync(CorpId, default));
        Assert.False(await Store.DeleteAsync(CorpId, default));
    }

    [Fact]
    public async Task A_corps_rule_set_round_trips_is_replaced_and_is_deleted()
    {
        await Store.SetAsync(CorpId, "{}", default);
        await Store.SetAsync(CorpId, Rules, default);
        var stored = await Store.GetAsync(CorpId, default);

        var deleted = await Store.DeleteAsync(CorpId, default);

        Assert.Equal(Rules, stored);
        Assert.True(deleted);
        Assert.Null(await Store.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_hostile_corp_id_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync("wwcorp:other", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SetAsync("", Rules, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(" ", default));
    }
}

public sealed class InMemoryRuleSetStoreTests : RuleSetStoreTests
{
    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryRuleSetStore(), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

public class RedisRuleSetStoreTests : RuleSetStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterRuleSetStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisRuleSetStore(_redis, Time);
        await StoreRedis.AuthorizeAsync(_redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_rule_set_is_a_hash_with_its_update_time_and_never_expires()
    {
        var key = $"wecomgw:{{{CorpId}}}:rules";

        await Store.SetAsync(CorpId, Rules, default);

        var hash = (await _redis.GetDatabase().HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(
            new Dictionary<string, string> { ["json"] = Rules, ["updated_at"] = $"{Time.GetUtcNow().ToUnixTimeMilliseconds()}" },
            hash);
        Assert.Null(await _redis.GetDatabase().KeyTimeToLiveAsync(key));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterRuleSetStoreTests : RedisRuleSetStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
