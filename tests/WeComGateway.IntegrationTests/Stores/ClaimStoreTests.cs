using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Claims;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// Work claimed this way happens once however often it is delivered: a callback published once, a welcome code used
/// once. Against Redis and in memory, for both kinds of claim.
/// </summary>
public abstract class ClaimStoreTests : IAsyncLifetime
{
    protected static readonly TimeSpan PendingTtl = TimeSpan.FromSeconds(5);
    protected static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected string WelcomeCode { get; } = "CALLBACK_WELCOME_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    protected string DedupeKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    protected IClaimStore Store { get; set; } = null!;

    public static TheoryData<string> Kinds => ["callback", "welcome code"];

    public static TheoryData<string> HostileCorpIds => ["", " ", "wwcorp:other"];

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_first_owner_claims_and_a_second_finds_it_in_flight(string kind)
    {
        var first = await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);
        var second = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);
        var firstAgain = await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);

        Assert.Equal((ClaimOutcome.Claimed, ClaimOutcome.InFlight, ClaimOutcome.InFlight), (first, second, firstAgain));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Finalized_work_is_not_done_again_even_after_a_late_release(string kind)
    {
        await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);
        await Store.FinalizeAsync(Key(kind), Keep, default);

        var redelivered = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);
        await Store.ReleaseAsync(Key(kind), "worker-a", default);
        var afterALateRelease = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);

        Assert.Equal((ClaimOutcome.AlreadyFinalized, ClaimOutcome.AlreadyFinalized), (redelivered, afterALateRelease));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_owner_that_does_not_hold_the_claim_cannot_release_it(string kind)
    {
        await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);

        await Store.ReleaseAsync(Key(kind), "worker-b", default);

        Assert.Equal(ClaimOutcome.InFlight, await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Failed_work_releases_the_claim_so_a_retry_can_claim_it(string kind)
    {
        await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);

        await Store.ReleaseAsync(Key(kind), "worker-a", default);

        Assert.Equal(ClaimOutcome.Claimed, await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default));
    }

    [Fact]
    public async Task Welcome_code_is_used_once_even_when_WeCom_retries()
    {
        var code = ClaimKey.WelcomeCode(CorpId, WelcomeCode);
        await Store.TryClaimAsync(code, "worker-a", PendingTtl, default);
        await Store.FinalizeAsync(code, Keep, default);

        Assert.Equal(ClaimOutcome.AlreadyFinalized, await Store.TryClaimAsync(ClaimKey.WelcomeCode(CorpId, WelcomeCode), "worker-b", PendingTtl, default));
    }

    [Theory]
    [MemberData(nameof(HostileCorpIds))]
    public async Task A_hostile_corp_id_is_rejected_by_every_operation(string corpId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(ClaimKey.WelcomeCode(corpId, WelcomeCode), "worker-a", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.FinalizeAsync(ClaimKey.WelcomeCode(corpId, WelcomeCode), Keep, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseAsync(ClaimKey.WelcomeCode(corpId, WelcomeCode), "worker-a", default));
    }

    [Fact]
    public async Task An_empty_welcome_code_dedupe_key_or_owner_or_a_zero_ttl_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(ClaimKey.WelcomeCode(CorpId, ""), "worker-a", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(ClaimKey.Callback(""), "worker-a", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(Key("welcome code"), "", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(Key("callback"), "worker-a", TimeSpan.Zero, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.FinalizeAsync(Key("callback"), TimeSpan.Zero, default));
    }

    protected ClaimKey Key(string kind) => kind == "callback" ? ClaimKey.Callback(DedupeKey) : ClaimKey.WelcomeCode(CorpId, WelcomeCode);
}

public sealed class InMemoryClaimStoreTests : ClaimStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryClaimStore(_time), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_claim_abandoned_by_a_crashed_owner_lapses_after_its_ttl(string kind)
    {
        await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);

        _time.Advance(PendingTtl - TimeSpan.FromMilliseconds(1));
        var justBefore = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterwards = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);

        Assert.Equal((ClaimOutcome.InFlight, ClaimOutcome.Claimed), (justBefore, afterwards));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Finalized_work_is_remembered_for_the_keep_period_only(string kind)
    {
        await Store.TryClaimAsync(Key(kind), "worker-a", PendingTtl, default);
        await Store.FinalizeAsync(Key(kind), Keep, default);

        _time.Advance(Keep - TimeSpan.FromMilliseconds(1));
        var withinKeep = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterKeep = await Store.TryClaimAsync(Key(kind), "worker-b", PendingTtl, default);

        Assert.Equal((ClaimOutcome.AlreadyFinalized, ClaimOutcome.Claimed), (withinKeep, afterKeep));
    }

    [Fact]
    public async Task An_expired_claim_is_not_released_from_under_its_next_owner()
    {
        await Store.TryClaimAsync(Key("callback"), "worker-a", PendingTtl, default);
        _time.Advance(PendingTtl);
        await Store.TryClaimAsync(Key("callback"), "worker-b", PendingTtl, default);

        await Store.ReleaseAsync(Key("callback"), "worker-a", default);

        Assert.Equal(ClaimOutcome.InFlight, await Store.TryClaimAsync(Key("callback"), "worker-c", PendingTtl, default));
    }
}

public class RedisClaimStoreTests : ClaimStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterClaimStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    private string ExpectedWelcomeKey =>
        $"wecomgw:{{{CorpId}}}:welcome:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WelcomeCode)))[..32]}";

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisClaimStore(_redis);
        await StoreRedis.AuthorizeAsync(_redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync($"wecomgw:dedupe:{DedupeKey}");
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_claim_is_keyed_by_a_fingerprint_and_the_welcome_code_is_nowhere_in_Redis()
    {
        var db = _redis.GetDatabase();

        await Store.TryClaimAsync(ClaimKey.WelcomeCode(CorpId, WelcomeCode), "worker-a", PendingTtl, default);
        var pending = await db.StringGetWithExpiryAsync(ExpectedWelcomeKey);
        var keysWhilePending = await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*");
        await Store.FinalizeAsync(ClaimKey.WelcomeCode(CorpId, WelcomeCode), Keep, default);
        var sent = await db.StringGetWithExpiryAsync(ExpectedWelcomeKey);

        // the grant the test corp holds, the claim, and the key index naming both
        Assert.Equal(
            [$"wecomgw:{{{CorpId}}}:auth:wwsuite-test", $"wecomgw:{{{CorpId}}}:grants", $"wecomgw:{{{CorpId}}}:keys", ExpectedWelcomeKey],
            keysWhilePending.Order(StringComparer.Ordinal));
        Assert.Equal([$"wecomgw:{{{CorpId}}}:auth:wwsuite-test", ExpectedWelcomeKey], (await db.SetMembersAsync($"wecomgw:{{{CorpId}}}:keys")).Select(m => m.ToString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(WelcomeCode, ExpectedWelcomeKey, StringComparison.Ordinal);
        Assert.Equal("pending:worker-a", pending.Value);
        Assert.InRange(pending.Expiry!.Value, TimeSpan.FromMilliseconds(1), PendingTtl);
        Assert.Equal("sent", sent.Value);
        Assert.InRange(sent.Expiry!.Value, PendingTtl, Keep);
    }

    [Fact]
    public async Task A_callback_claim_is_the_dedupe_key_under_wecomgw_dedupe_pending_then_done()
    {
        var key = $"wecomgw:dedupe:{DedupeKey}";
        var db = _redis.GetDatabase();

        await Store.TryClaimAsync(ClaimKey.Callback(DedupeKey), "receiver-1", PendingTtl, default);
        var pending = await db.StringGetWithExpiryAsync(key);
        await Store.FinalizeAsync(ClaimKey.Callback(DedupeKey), Keep, default);
        var done = await db.StringGetWithExpiryAsync(key);

        Assert.Equal("pending:receiver-1", pending.Value);
        Assert.InRange(pending.Expiry!.Value, TimeSpan.FromMilliseconds(1), PendingTtl);
        Assert.Equal("done", done.Value);
        Assert.InRange(done.Expiry!.Value, PendingTtl, Keep);
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterClaimStoreTests : RedisClaimStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
