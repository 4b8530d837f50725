using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Corps;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp is known while an authorization is stored for it, whatever its state. Against Redis and in memory.</summary>
public abstract class CorpDirectoryTests : IAsyncLifetime
{
    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IAuthorizationStore Authorizations { get; set; } = null!;

    protected ICorpDirectory Directory { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_corp_is_known_from_create_auth_while_inactive_too_until_cancel_auth()
    {
        var beforeCreateAuth = await Directory.IsKnownAsync(CorpId, default);
        await Authorizations.SaveAsync(new CorpAuthorization(CorpId, "wwsuite1", "perm", "水果店", DateTimeOffset.UtcNow), default);
        var authorized = await Directory.IsKnownAsync(CorpId, default);
        await Authorizations.MarkInactiveAsync(CorpId, "wwsuite1", "errcode 40084", default);
        var inactive = await Directory.IsKnownAsync(CorpId, default);
        await Authorizations.DeleteCorpAsync(CorpId, default);

        Assert.Equal((false, true, true), (beforeCreateAuth, authorized, inactive));
        Assert.False(await Directory.IsKnownAsync(CorpId, default));
    }
}

public sealed class InMemoryCorpDirectoryTests : CorpDirectoryTests
{
    public override Task InitializeAsync()
    {
        Authorizations = new InMemoryAuthorizationStore();
        Directory = new InMemoryCorpDirectory(Authorizations);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The receiver's directory reads the key only: it needs no secrets key.</summary>
public class RedisCorpDirectoryTests : CorpDirectoryTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterCorpDirectoryTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Authorizations = new RedisAuthorizationStore(_redis, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
        Directory = new RedisCorpDirectory(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterCorpDirectoryTests : RedisCorpDirectoryTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
