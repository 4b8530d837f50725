using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A redelivered create_auth finds the corp its single-use auth code was exchanged for. Against Redis and in memory.</summary>
public abstract class AuthCodeLedgerTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected string AuthCode { get; } = "AUTHCODE_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IAuthCodeLedger Ledger { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task An_exchanged_auth_code_names_its_corp_and_an_unknown_one_names_none()
    {
        await Ledger.RecordAsync(AuthCode, CorpId, default);

        Assert.Equal(CorpId, await Ledger.FindCorpAsync(AuthCode, default));
        Assert.Null(await Ledger.FindCorpAsync(AuthCode + "x", default));
    }
}

public sealed class InMemoryAuthCodeLedgerTests : AuthCodeLedgerTests
{
    public override Task InitializeAsync()
    {
        Ledger = new InMemoryAuthCodeLedger(Time);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_entry_is_kept_for_a_day()
    {
        await Ledger.RecordAsync(AuthCode, CorpId, default);

        Time.Advance(IAuthCodeLedger.Retention - TimeSpan.FromMilliseconds(1));
        var withinADay = await Ledger.FindCorpAsync(AuthCode, default);
        Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(CorpId, withinADay);
        Assert.Null(await Ledger.FindCorpAsync(AuthCode, default));
    }
}

public class RedisAuthCodeLedgerTests : AuthCodeLedgerTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterAuthCodeLedgerTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    private string Key => $"wecomgw:authcode:{IAuthCodeLedger.Fingerprint(AuthCode)}";

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Ledger = new RedisAuthCodeLedger(_redis);
    }

    public override async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync(Key);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_entry_is_keyed_by_the_codes_sha256_holds_the_corp_and_expires_after_a_day()
    {
        await Ledger.RecordAsync(AuthCode, CorpId, default);

        var entry = await _redis.GetDatabase().StringGetWithExpiryAsync(Key);

        Assert.Equal(64, IAuthCodeLedger.Fingerprint(AuthCode).Length);
        Assert.DoesNotContain(AuthCode, Key, StringComparison.Ordinal);
        Assert.Equal(CorpId, entry.Value);
        Assert.InRange(entry.Expiry!.Value, IAuthCodeLedger.Retention - TimeSpan.FromMinutes(1), IAuthCodeLedger.Retention);
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterAuthCodeLedgerTests : RedisAuthCodeLedgerTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
