using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Tokens;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>Tokens are cached until they expire and fetched by one replica at a time; against Redis and in memory.</summary>
public abstract class TokenStoreTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected string CorpId { get; } = $"wwstore{Guid.NewGuid():N}";

    /// <summary>A corp token's key (<see cref="WeComApi.Tokens.TokenKey.CacheKey"/>): one of the corp's keys.</summary>
    protected string Key => $"{{{CorpId}}}:suite:s1:token";

    protected ITokenStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_token_is_read_back_until_it_expires()
    {
        var token = new CachedToken("corp-token", DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().AddHours(2).ToUnixTimeMilliseconds()));

        await Store.SetAsync(Key, token, default);
        var fresh = await Store.GetAsync(Key, default);
        Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(token, fresh);
        Assert.Null(await Store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Delete_if_value_removes_only_the_token_it_names()
    {
        await Store.SetAsync(Key, new CachedToken("newer", Time.GetUtcNow().AddHours(2)), default);

        var staleDeleted = await Store.DeleteIfValueAsync(Key, "older", default);
        var kept = await Store.GetAsync(Key, default);
        var currentDeleted = await Store.DeleteIfValueAsync(Key, "newer", default);

        Assert.False(staleDeleted);
        Assert.Equal("newer", kept?.Value);
        Assert.True(currentDeleted);
        Assert.Null(await Store.GetAsync(Key, default));
    }

    [Fact]
    public async Task A_lock_has_one_owner_and_only_that_owner_releases_it()
    {
        var first = await Store.TryAcquireLockAsync(Key, "replica-a", TimeSpan.FromSeconds(10), default);
        var second = await Store.TryAcquireLockAsync(Key, "replica-b", TimeSpan.FromSeconds(10), default);
        await Store.ReleaseLockAsync(Key, "replica-b", default);
        var stillHeld = !await Store.TryAcquireLockAsync(Key, "replica-b", TimeSpan.FromSeconds(10), default);
        await Store.ReleaseLockAsync(Key, "replica-a", default);
        var afterRelease = await Store.TryAcquireLockAsync(Key, "replica-b", TimeSpan.FromSeconds(10), default);

        Assert.Equal((true, false, true, true), (first, second, stillHeld, afterRelease));
    }
}

public sealed class InMemoryTokenStoreTests : TokenStoreTests
{
    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryTokenStore(Time), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_lock_abandoned_by_a_crashed_replica_lapses_after_its_ttl()
    {
        await Store.TryAcquireLockAsync(Key, "replica-a", TimeSpan.FromSeconds(10), default);

        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await Store.TryAcquireLockAsync(Key, "replica-b", TimeSpan.FromSeconds(10), default));
    }
}

public class RedisTokenStoreTests : TokenStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterTokenStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisTokenStore(_redis, Time);
        await StoreRedis.AuthorizeAsync(_redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        // One key per command: on a cluster the two keys hash to different slots.
        await _redis.GetDatabase().KeyDeleteAsync(RedisKeys.Prefix + Key);
        await _redis.GetDatabase().KeyDeleteAsync(RedisKeys.Lock(Key));
        await _redis.GetDatabase().KeyDeleteAsync(RedisKeys.CorpKeyIndex(CorpId));
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Redis_keeps_the_token_with_its_expiry_and_a_ttl_of_the_remaining_lifetime()
    {
        var expiresAt = Time.GetUtcNow().AddSeconds(7200);

        await Store.SetAsync(Key, new CachedToken("corp-token", expiresAt), default);

        var raw = (string?)await _redis.GetDatabase().StringGetAsync(RedisKeys.Prefix + Key);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeMilliseconds()}|corp-token"), raw);
        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Prefix + Key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(7190), TimeSpan.FromSeconds(7200));
        Assert.True(await _redis.GetDatabase().SetContainsAsync(RedisKeys.CorpKeyIndex(CorpId), RedisKeys.Prefix + Key)); // cancel_auth finds it
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterTokenStoreTests : RedisTokenStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
