using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>The Redis token store and its in-memory twin keep the same promises.</summary>
public sealed class TokenStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _key = $"corp:wwstore{Guid.NewGuid():N}:suite:s1:token";
    private IConnectionMultiplexer _redis = null!;

    public static TheoryData<string> Stores => ["redis", "memory"];

    public async Task InitializeAsync() => _redis = await RealServices.ConnectRedisAsync();

    public async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync([RedisKeys.Prefix + _key, RedisKeys.Lock(_key)]);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Redis_keeps_the_token_with_its_expiry_and_a_ttl_of_the_remaining_lifetime()
    {
        var store = new RedisTokenStore(_redis, _time);
        var expiresAt = _time.GetUtcNow().AddSeconds(7200);

        await store.SetAsync(_key, new CachedToken("corp-token", expiresAt), default);

        var raw = (string?)await _redis.GetDatabase().StringGetAsync(RedisKeys.Prefix + _key);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeMilliseconds()}|corp-token"), raw);
        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Prefix + _key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(7190), TimeSpan.FromSeconds(7200));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_token_is_read_back_until_it_expires(string kind)
    {
        var store = Store(kind);
        var token = new CachedToken("corp-token", DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().AddHours(2).ToUnixTimeMilliseconds()));

        await store.SetAsync(_key, token, default);
        var fresh = await store.GetAsync(_key, default);
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(token, fresh);
        Assert.Null(await store.GetAsync(_key, default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Delete_if_value_removes_only_the_token_it_names(string kind)
    {
        var store = Store(kind);
        await store.SetAsync(_key, new CachedToken("newer", _time.GetUtcNow().AddHours(2)), default);

        var staleDeleted = await store.DeleteIfValueAsync(_key, "older", default);
        var kept = await store.GetAsync(_key, default);
        var currentDeleted = await store.DeleteIfValueAsync(_key, "newer", default);

        Assert.False(staleDeleted);
        Assert.Equal("newer", kept?.Value);
        Assert.True(currentDeleted);
        Assert.Null(await store.GetAsync(_key, default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_lock_has_one_owner_and_only_that_owner_releases_it(string kind)
    {
        var store = Store(kind);

        var first = await store.TryAcquireLockAsync(_key, "replica-a", TimeSpan.FromSeconds(10), default);
        var second = await store.TryAcquireLockAsync(_key, "replica-b", TimeSpan.FromSeconds(10), default);
        await store.ReleaseLockAsync(_key, "replica-b", default);
        var stillHeld = !await store.TryAcquireLockAsync(_key, "replica-b", TimeSpan.FromSeconds(10), default);
        await store.ReleaseLockAsync(_key, "replica-a", default);
        var afterRelease = await store.TryAcquireLockAsync(_key, "replica-b", TimeSpan.FromSeconds(10), default);

        Assert.Equal((true, false, true, true), (first, second, stillHeld, afterRelease));
    }

    private ITokenStore Store(string kind) => kind == "redis" ? new RedisTokenStore(_redis, _time) : new InMemoryTokenStore(_time);
}
