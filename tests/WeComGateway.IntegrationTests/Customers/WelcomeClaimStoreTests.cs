using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Customers;

/// <summary>A welcome code sends one welcome message however often WeCom delivers the event; against Redis and in memory.</summary>
public abstract class WelcomeClaimStoreTests : IAsyncLifetime
{
    protected static readonly TimeSpan PendingTtl = TimeSpan.FromSeconds(5);
    protected static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    protected string CorpId { get; } = CustomerRedis.NewCorpId();

    protected string WelcomeCode { get; } = "CALLBACK_WELCOME_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    protected IWelcomeClaimStore Store { get; set; } = null!;

    public static TheoryData<string> HostileCorpIds => ["", " ", "wwcorp:other"];

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task The_first_worker_claims_a_welcome_code_and_a_second_finds_it_in_flight()
    {
        var first = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);
        var second = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);
        var firstAgain = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);

        Assert.Equal((WelcomeClaimOutcome.Claimed, WelcomeClaimOutcome.InFlight, WelcomeClaimOutcome.InFlight), (first, second, firstAgain));
    }

    [Fact]
    public async Task Welcome_code_is_used_once_even_when_WeCom_retries()
    {
        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);
        await Store.CompleteAsync(CorpId, WelcomeCode, Keep, default);

        var redelivered = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);
        await Store.ReleaseAsync(CorpId, WelcomeCode, "worker-a", default);
        var afterALateRelease = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);

        Assert.Equal((WelcomeClaimOutcome.AlreadySent, WelcomeClaimOutcome.AlreadySent), (redelivered, afterALateRelease));
    }

    [Fact]
    public async Task A_worker_that_does_not_own_the_claim_cannot_release_it()
    {
        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);

        await Store.ReleaseAsync(CorpId, WelcomeCode, "worker-b", default);

        Assert.Equal(WelcomeClaimOutcome.InFlight, await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default));
    }

    [Fact]
    public async Task A_failed_send_releases_the_code_so_a_retry_can_claim_it()
    {
        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);

        await Store.ReleaseAsync(CorpId, WelcomeCode, "worker-a", default);

        Assert.Equal(WelcomeClaimOutcome.Claimed, await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default));
    }

    [Theory]
    [MemberData(nameof(HostileCorpIds))]
    public async Task A_hostile_corp_id_is_rejected_by_every_operation(string corpId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(corpId, WelcomeCode, "worker-a", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CompleteAsync(corpId, WelcomeCode, Keep, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReleaseAsync(corpId, WelcomeCode, "worker-a", default));
    }

    [Fact]
    public async Task An_empty_welcome_code_or_owner_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(CorpId, "", "worker-a", PendingTtl, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryClaimAsync(CorpId, WelcomeCode, "", PendingTtl, default));
    }
}

public sealed class InMemoryWelcomeClaimStoreTests : WelcomeClaimStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8)));

    public override Task InitializeAsync()
    {
        Store = new InMemoryWelcomeClaimStore(_time);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_claim_abandoned_by_a_crashed_worker_lapses_after_its_ttl()
    {
        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);

        _time.Advance(PendingTtl - TimeSpan.FromMilliseconds(1));
        var justBefore = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterwards = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);

        Assert.Equal((WelcomeClaimOutcome.InFlight, WelcomeClaimOutcome.Claimed), (justBefore, afterwards));
    }

    [Fact]
    public async Task A_sent_code_is_remembered_for_the_keep_period_only()
    {
        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);
        await Store.CompleteAsync(CorpId, WelcomeCode, Keep, default);

        _time.Advance(Keep - TimeSpan.FromMilliseconds(1));
        var withinKeep = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterKeep = await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-b", PendingTtl, default);

        Assert.Equal((WelcomeClaimOutcome.AlreadySent, WelcomeClaimOutcome.Claimed), (withinKeep, afterKeep));
    }
}

public sealed class RedisWelcomeClaimStoreTests : WelcomeClaimStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    private string ExpectedKey =>
        $"wecomgw:corp:{CorpId}:welcome:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WelcomeCode)))[..32]}";

    public override async Task InitializeAsync()
    {
        _redis = await RealServices.ConnectRedisAsync();
        Store = new RedisWelcomeClaimStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await CustomerRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_claim_is_keyed_by_a_fingerprint_and_the_welcome_code_is_nowhere_in_Redis()
    {
        var db = _redis.GetDatabase();

        await Store.TryClaimAsync(CorpId, WelcomeCode, "worker-a", PendingTtl, default);
        var pending = await db.StringGetWithExpiryAsync(ExpectedKey);
        var keysWhilePending = await CustomerRedis.KeysAsync(_redis, $"wecomgw:corp:{CorpId}:*");
        await Store.CompleteAsync(CorpId, WelcomeCode, Keep, default);
        var sent = await db.StringGetWithExpiryAsync(ExpectedKey);

        Assert.Equal([ExpectedKey], keysWhilePending);
        Assert.DoesNotContain(WelcomeCode, ExpectedKey, StringComparison.Ordinal);
        Assert.Equal("pending:worker-a", pending.Value);
        Assert.InRange(pending.Expiry!.Value, TimeSpan.FromMilliseconds(1), PendingTtl);
        Assert.Equal("sent", sent.Value);
        Assert.InRange(sent.Expiry!.Value, PendingTtl, Keep);
    }
}
