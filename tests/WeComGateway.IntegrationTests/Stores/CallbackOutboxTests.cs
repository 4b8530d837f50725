using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Outbox;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// Events the broker did not confirm wait in the outbox, oldest first, until one relay at a time forwards them.
/// Against Redis and in memory.
/// </summary>
public abstract class CallbackOutboxTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(Now);

    protected ICallbackOutbox Outbox { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Entries_come_back_oldest_first_until_they_are_removed()
    {
        var first = Entry("dedupe-1", corpId: "wwcorp1", traceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var second = Entry("dedupe-2");
        var third = Entry("dedupe-3");
        var ids = new List<string>();
        foreach (var entry in new[] { first, second, third })
        {
            ids.Add(await Outbox.AppendAsync(entry, default));
        }

        var oldestTwo = await Outbox.ReadOldestAsync(2, default);
        await Outbox.RemoveAsync(ids[0], default);
        var afterRemoval = await Outbox.ReadOldestAsync(10, default);

        Assert.Equal([new StoredOutboxEntry(ids[0], first), new StoredOutboxEntry(ids[1], second)], oldestTwo);
        Assert.Equal([new StoredOutboxEntry(ids[1], second), new StoredOutboxEntry(ids[2], third)], afterRemoval);
        Assert.Equal(2, await Outbox.CountAsync(default));
    }

    [Fact]
    public async Task An_empty_outbox_reads_nothing_and_counts_zero()
    {
        Assert.Empty(await Outbox.ReadOldestAsync(10, default));
        Assert.Equal(0, await Outbox.CountAsync(default));
    }

    [Fact]
    public async Task One_relay_holds_the_lease_renews_it_and_hands_it_over_by_releasing_it()
    {
        var first = await Outbox.TryAcquireRelayLeaseAsync("relay-a", LeaseTtl, default);
        var other = await Outbox.TryAcquireRelayLeaseAsync("relay-b", LeaseTtl, default);
        var renewed = await Outbox.TryAcquireRelayLeaseAsync("relay-a", LeaseTtl, default);
        await Outbox.ReleaseRelayLeaseAsync("relay-b", default);
        var stillHeld = !await Outbox.TryAcquireRelayLeaseAsync("relay-b", LeaseTtl, default);
        await Outbox.ReleaseRelayLeaseAsync("relay-a", default);
        var handedOver = await Outbox.TryAcquireRelayLeaseAsync("relay-b", LeaseTtl, default);
        await Outbox.ReleaseRelayLeaseAsync("relay-b", default);

        Assert.Equal((true, false, true, true, true), (first, other, renewed, stillHeld, handedOver));
    }

    private static OutboxEntry Entry(string dedupeKey, string? corpId = null, string? traceParent = null) =>
        new("WeComGateway.Contracts.ExternalContactAdded", """{"corpId":"wwcorp1"}""", dedupeKey, "wwsuite1", corpId, Now, traceParent);
}

public sealed class InMemoryCallbackOutboxTests : CallbackOutboxTests
{
    public override Task InitializeAsync()
    {
        Outbox = new InMemoryCallbackOutbox(Time);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_lease_abandoned_by_a_crashed_relay_lapses_after_its_ttl()
    {
        await Outbox.TryAcquireRelayLeaseAsync("relay-a", LeaseTtl, default);

        Time.Advance(LeaseTtl - TimeSpan.FromMilliseconds(1));
        var justBefore = await Outbox.TryAcquireRelayLeaseAsync("relay-b", LeaseTtl, default);
        Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(justBefore);
        Assert.True(await Outbox.TryAcquireRelayLeaseAsync("relay-b", LeaseTtl, default));
    }
}

/// <summary>
/// On a Redis database of its own: the outbox stream and the relay lease are global keys, and receivers of other
/// tests relay whatever they find in the default database's outbox.
/// </summary>
public class RedisCallbackOutboxTests : CallbackOutboxTests
{
    private const int Database = 10;

    /// <summary>The single Redis node, database 10; <see cref="RedisClusterCallbackOutboxTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(RealServices.Redis);
        options.DefaultDatabase = Database;
        return ConnectAsync(options);
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options) => await ConnectionMultiplexer.ConnectAsync(options);

    private IConnectionMultiplexer _redis = null!;

    private IDatabase Db => _redis.GetDatabase();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        await ClearAsync();
        Outbox = new RedisCallbackOutbox(_redis);
    }

    public override async Task DisposeAsync()
    {
        await ClearAsync();
        await _redis.DisposeAsync();
    }

    // One key per command: on a cluster the stream and the lease hash to different slots.
    private async Task ClearAsync()
    {
        await Db.KeyDeleteAsync("wecomgw:outbox");
        await Db.KeyDeleteAsync("wecomgw:lock:outbox-relay");
    }

    [Fact]
    public async Task The_outbox_is_the_stream_wecomgw_outbox_and_an_entry_from_before_traceparent_still_reads()
    {
        var id = await Outbox.AppendAsync(new OutboxEntry("T", "{}", "dedupe-1", "wwsuite1", "wwcorp1", Now, "00-trace"), default);
        await Db.StreamAddAsync("wecomgw:outbox",
        [
            new("type", "T"), new("body", "{}"), new("dedupe", "dedupe-2"), new("suite", "wwsuite1"), new("corp", ""),
            new("appended_at", Now.ToUnixTimeMilliseconds()),
        ]);

        var raw = Assert.Single(await Db.StreamRangeAsync("wecomgw:outbox", count: 1));
        var stored = await Outbox.ReadOldestAsync(10, default);

        Assert.Equal(id, raw.Id.ToString());
        Assert.Equal(("dedupe-1", "wwcorp1", "00-trace"), (raw["dedupe"].ToString(), raw["corp"].ToString(), raw["traceparent"].ToString()));
        Assert.Equal(new OutboxEntry("T", "{}", "dedupe-2", "wwsuite1", null, Now, null), stored[1].Entry);
    }

    [Fact]
    public async Task The_relay_lease_is_a_lock_key_that_expires_with_its_ttl()
    {
        await Outbox.TryAcquireRelayLeaseAsync("relay-a", LeaseTtl, default);

        var lease = await Db.StringGetWithExpiryAsync("wecomgw:lock:outbox-relay");

        Assert.Equal("relay-a", lease.Value);
        Assert.InRange(lease.Expiry!.Value, TimeSpan.FromMilliseconds(1), LeaseTtl);
    }
}

/// <summary>
/// The same tests on the three-node Redis Cluster of deploy/local/test.sh (a cluster has database 0 only; nothing else
/// relays its outbox).
/// </summary>
public sealed class RedisClusterCallbackOutboxTests : RedisCallbackOutboxTests
{
    protected override async Task<IConnectionMultiplexer> ConnectAsync() => await RealServices.ConnectRedisClusterAsync();
}
