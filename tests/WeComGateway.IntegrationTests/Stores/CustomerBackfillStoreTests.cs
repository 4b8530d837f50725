using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>A corp's backfill progress: one run holds it, a dead run is taken over, only a corp with a grant is written; against Redis and in memory.</summary>
public abstract class CustomerBackfillStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ICustomerBackfillStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>The corp holds a grant.</summary>
    protected abstract Task AuthorizeAsync();

    /// <summary>The corp's last grant is cancelled: its data goes.</summary>
    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task A_corp_without_a_grant_is_not_backfilled_and_nothing_is_written()
    {
        var start = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);

        Assert.Equal(BackfillStartResult.NotAuthorized, start.Result);
        Assert.Null(await Store.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_started_run_stores_its_position_after_every_page()
    {
        await AuthorizeAsync();

        var start = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        var page = Page(start.Progress!, userOffset: 100, cursor: "CURSOR-2", pages: 3, at: Now.AddSeconds(1));
        var saved = await Store.SaveAsync(CorpId, page, default);

        Assert.Equal(BackfillStartResult.Started, start.Result);
        Assert.Equal(new BackfillProgress { RunId = "run-1", State = BackfillState.Running, StartedAt = Now, UpdatedAt = Now }, start.Progress);
        Assert.True(saved);
        Assert.Equal(page, await Store.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_second_run_while_the_first_is_alive_is_refused_and_changes_nothing()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        var page = Page(first.Progress!, userOffset: 0, cursor: "CURSOR-2", pages: 1, at: Now.AddSeconds(30));
        await Store.SaveAsync(CorpId, page, default);

        var second = await Store.StartAsync(CorpId, "run-2", again: true, Now.AddSeconds(30) + Lease - TimeSpan.FromMilliseconds(1), Lease, default);

        Assert.Equal(BackfillStartResult.Busy, second.Result);
        Assert.Equal(page, second.Progress);
        Assert.Equal(page, await Store.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_run_that_stopped_updating_for_a_lease_is_taken_over_from_its_position_and_can_no_longer_write()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        var page = Page(first.Progress!, userOffset: 100, cursor: "CURSOR-7", pages: 7, at: Now.AddSeconds(10));
        await Store.SaveAsync(CorpId, page, default);
        var later = Now.AddSeconds(10) + Lease;

        var second = await Store.StartAsync(CorpId, "run-2", again: true, later, Lease, default);
        var lateWrite = await Store.SaveAsync(CorpId, page with { Pages = 8, UpdatedAt = later }, default);

        Assert.Equal(BackfillStartResult.Resumed, second.Result);
        Assert.Equal(page with { RunId = "run-2", UpdatedAt = later }, second.Progress);
        Assert.False(lateWrite);
        Assert.Equal(7, (await Store.GetAsync(CorpId, default))!.Pages);
    }

    [Fact]
    public async Task The_same_run_delivered_again_resumes_at_once()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        await Store.SaveAsync(CorpId, Page(first.Progress!, userOffset: 0, cursor: "CURSOR-3", pages: 2, at: Now.AddSeconds(1)), default);

        var again = await Store.StartAsync(CorpId, "run-1", again: true, Now.AddSeconds(2), Lease, default);

        Assert.Equal(BackfillStartResult.Resumed, again.Result);
        Assert.Equal("CURSOR-3", again.Progress!.Cursor);
        Assert.Equal(2, again.Progress.Pages);
    }

    [Fact]
    public async Task A_done_backfill_runs_again_only_when_asked_and_never_for_the_run_that_did_it()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        var done = Page(first.Progress!, userOffset: 3, cursor: string.Empty, pages: 4, at: Now.AddSeconds(5)) with { State = BackfillState.Done };
        await Store.SaveAsync(CorpId, done, default);

        var redelivered = await Store.StartAsync(CorpId, "run-1", again: true, Now.AddSeconds(6), Lease, default);
        var onInstall = await Store.StartAsync(CorpId, "run-2", again: false, Now.AddSeconds(6), Lease, default);
        var onDemand = await Store.StartAsync(CorpId, "run-3", again: true, Now.AddSeconds(7), Lease, default);

        Assert.Equal(BackfillStartResult.AlreadyDone, redelivered.Result);
        Assert.Equal(BackfillStartResult.AlreadyDone, onInstall.Result);
        Assert.Equal(done, onInstall.Progress);
        Assert.Equal(BackfillStartResult.Started, onDemand.Result);
        Assert.Equal(new BackfillProgress { RunId = "run-3", State = BackfillState.Running, StartedAt = Now.AddSeconds(7), UpdatedAt = Now.AddSeconds(7) }, onDemand.Progress);
    }

    [Fact]
    public async Task A_failed_backfill_starts_afresh_and_keeps_its_error_until_then()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        var failed = Page(first.Progress!, userOffset: 0, cursor: "CURSOR-2", pages: 1, at: Now.AddSeconds(1)) with { State = BackfillState.Failed, Error = "WeCom 48002: api forbidden" };
        await Store.SaveAsync(CorpId, failed, default);
        var stored = await Store.GetAsync(CorpId, default);

        var next = await Store.StartAsync(CorpId, "run-2", again: false, Now.AddSeconds(2), Lease, default);

        Assert.Equal(failed, stored);
        Assert.Equal(BackfillStartResult.Started, next.Result);
        Assert.Equal(0, next.Progress!.Pages);
        Assert.Null(next.Progress.Error);
    }

    [Fact]
    public async Task After_the_last_grant_is_cancelled_the_progress_is_gone_and_a_running_backfill_cannot_write()
    {
        await AuthorizeAsync();
        var first = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);

        await CancelAuthAsync();
        var lateWrite = await Store.SaveAsync(CorpId, Page(first.Progress!, userOffset: 0, cursor: "CURSOR-2", pages: 1, at: Now.AddSeconds(1)), default);

        Assert.False(lateWrite);
        Assert.Null(await Store.GetAsync(CorpId, default));
    }

    [Fact]
    public async Task A_hostile_corp_id_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync("wwcorp:other", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.StartAsync("{x}", "run-1", again: true, Now, Lease, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(" ", new BackfillProgress { RunId = "r", State = BackfillState.Done, StartedAt = Now, UpdatedAt = Now }, default));
    }

    private static BackfillProgress Page(BackfillProgress progress, int userOffset, string cursor, long pages, DateTimeOffset at) => progress with
    {
        FollowUsers = 250,
        UserOffset = userOffset,
        Cursor = cursor,
        Pages = pages,
        Customers = pages * 100,
        Seeded = pages * 90,
        UpdatedAt = at,
    };
}

public sealed class InMemoryCustomerBackfillStoreTests : CustomerBackfillStoreTests
{
    private readonly InMemoryCustomerBackfillStore _store = new();

    public override Task InitializeAsync()
    {
        Store = _store;
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override Task AuthorizeAsync()
    {
        _store.AdmitCorp(CorpId);
        return Task.CompletedTask;
    }

    protected override Task CancelAuthAsync()
    {
        _store.ForgetCorp(CorpId);
        return Task.CompletedTask;
    }
}

public class RedisCustomerBackfillStoreTests : CustomerBackfillStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterCustomerBackfillStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisCustomerBackfillStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task The_progress_is_one_hash_under_the_corp_without_ttl()
    {
        await AuthorizeAsync();
        var key = $"wecomgw:{{{CorpId}}}:backfill";

        var start = await Store.StartAsync(CorpId, "run-1", again: true, Now, Lease, default);
        await Store.SaveAsync(CorpId, start.Progress! with { FollowUsers = 3, Cursor = "C2", Pages = 1, Customers = 100, Seeded = 100 }, default);

        var hash = (await _redis.GetDatabase().HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal("running", hash["state"]);
        Assert.Equal("run-1", hash["run"]);
        Assert.Equal("C2", hash["cursor"]);
        Assert.Equal("3", hash["follow_users"]);
        Assert.Equal($"{Now.ToUnixTimeMilliseconds()}", hash["started_at"]);
        Assert.Null(await _redis.GetDatabase().KeyTimeToLiveAsync(key));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterCustomerBackfillStoreTests : RedisCustomerBackfillStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
