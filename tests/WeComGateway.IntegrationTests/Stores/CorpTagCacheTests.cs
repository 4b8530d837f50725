using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>The corp's tag list is cached for a while and can be dropped at once; against Redis and in memory.</summary>
public abstract class CorpTagCacheTests : IAsyncLifetime
{
    protected const string Tags = """[{"group":"兴趣","tags":[{"id":"et001","name":"爱水果"}]}]""";
    protected static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ICorpTagCache Cache { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_cached_tag_list_is_read_back_until_it_is_invalidated()
    {
        var before = await Cache.GetAsync(CorpId, default);
        await Cache.SetAsync(CorpId, Tags, Ttl, default);
        var cached = await Cache.GetAsync(CorpId, default);

        await Cache.InvalidateAsync(CorpId, default);

        Assert.Null(before);
        Assert.Equal(Tags, cached);
        Assert.Null(await Cache.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_newer_snapshot_replaces_the_old_one()
    {
        await Cache.SetAsync(CorpId, "[]", Ttl, default);

        await Cache.SetAsync(CorpId, Tags, Ttl, default);

        Assert.Equal(Tags, await Cache.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task Tag_lists_of_different_corps_do_not_mix()
    {
        var other = StoreRedis.NewCorpId();

        await Cache.SetAsync(CorpId, Tags, Ttl, default);

        Assert.Null(await Cache.GetAsync(other, default));
    }

    [Fact]
    public async Task A_hostile_corp_id_or_a_zero_ttl_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Cache.GetAsync("wwcorp:other", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Cache.SetAsync("", Tags, Ttl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Cache.InvalidateAsync(" ", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Cache.SetAsync(CorpId, Tags, TimeSpan.Zero, default));
    }
}

public sealed class InMemoryCorpTagCacheTests : CorpTagCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public override Task InitializeAsync()
    {
        Cache = StoreRedis.Admit(new InMemoryCorpTagCache(_time), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cached_tag_list_expires_after_its_ttl()
    {
        await Cache.SetAsync(CorpId, Tags, Ttl, default);

        _time.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        var justBefore = await Cache.GetAsync(CorpId, default);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(Tags, justBefore);
        Assert.Null(await Cache.GetAsync(CorpId, default));
    }
}

public class RedisCorpTagCacheTests : CorpTagCacheTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterCorpTagCacheTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Cache = new RedisCorpTagCache(_redis);
        await StoreRedis.AuthorizeAsync(_redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_tag_list_is_a_string_under_the_corp_that_Redis_expires_after_the_ttl()
    {
        await Cache.SetAsync(CorpId, Tags, Ttl, default);

        var raw = await _redis.GetDatabase().StringGetWithExpiryAsync($"wecomgw:{{{CorpId}}}:tags");

        Assert.Equal(Tags, raw.Value);
        Assert.InRange(raw.Expiry!.Value, Ttl - TimeSpan.FromMinutes(1), Ttl);
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterCorpTagCacheTests : RedisCorpTagCacheTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
