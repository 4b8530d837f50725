using StackExchange.Redis;
using WeComGateway.Storage.Tickets;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>The newest suite ticket is kept; a late retry of an older one never replaces it. Against Redis and in memory.</summary>
public abstract class SuiteTicketStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Pushed = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected string SuiteId { get; } = "wwsuite" + Guid.NewGuid().ToString("N")[..12];

    protected ISuiteTicketStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task A_suite_without_a_ticket_has_none_and_a_saved_one_reads_back()
    {
        var before = await Store.GetAsync(SuiteId, default);
        var ticket = new SuiteTicket("ticket-1", Pushed, Pushed.AddSeconds(1));

        var saved = await Store.SaveAsync(SuiteId, ticket, default);

        Assert.Null(before);
        Assert.True(saved);
        Assert.Equal(ticket, await Store.GetAsync(SuiteId, default));
    }

    [Fact]
    public async Task A_late_retry_of_an_older_ticket_never_replaces_the_newer_one()
    {
        await Store.SaveAsync(SuiteId, new SuiteTicket("newer", Pushed.AddMinutes(10), Pushed.AddMinutes(10)), default);

        var older = await Store.SaveAsync(SuiteId, new SuiteTicket("older", Pushed, Pushed.AddMinutes(11)), default);
        var newest = await Store.SaveAsync(SuiteId, new SuiteTicket("newest", Pushed.AddMinutes(20), Pushed.AddMinutes(20)), default);

        Assert.Equal((false, true), (older, newest));
        Assert.Equal("newest", (await Store.GetAsync(SuiteId, default))?.Ticket);
    }

    [Fact]
    public async Task A_redelivery_of_the_same_push_is_saved_again()
    {
        await Store.SaveAsync(SuiteId, new SuiteTicket("ticket-1", Pushed, Pushed), default);

        Assert.True(await Store.SaveAsync(SuiteId, new SuiteTicket("ticket-1", Pushed, Pushed.AddSeconds(5)), default));
        Assert.Equal(Pushed.AddSeconds(5), (await Store.GetAsync(SuiteId, default))?.ReceivedAt);
    }

    [Fact]
    public async Task Times_are_kept_to_the_second_and_tickets_within_one_second_count_as_the_same_push()
    {
        await Store.SaveAsync(SuiteId, new SuiteTicket("first", Pushed.AddMilliseconds(900), Pushed.AddMilliseconds(950)), default);

        var sameSecond = await Store.SaveAsync(SuiteId, new SuiteTicket("second", Pushed.AddMilliseconds(100), Pushed.AddMilliseconds(990)), default);

        Assert.True(sameSecond);
        Assert.Equal(new SuiteTicket("second", Pushed, Pushed), await Store.GetAsync(SuiteId, default));
    }
}

public sealed class InMemorySuiteTicketStoreTests : SuiteTicketStoreTests
{
    public override Task InitializeAsync()
    {
        Store = new InMemorySuiteTicketStore();
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}

public class RedisSuiteTicketStoreTests : SuiteTicketStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterSuiteTicketStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    private string Key => $"wecomgw:suite:{SuiteId}:ticket";

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisSuiteTicketStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync(Key);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_ticket_is_a_hash_of_the_ticket_and_unix_seconds_that_never_expires()
    {
        await Store.SaveAsync(SuiteId, new SuiteTicket("ticket-1", Pushed, Pushed.AddSeconds(2)), default);

        var hash = (await _redis.GetDatabase().HashGetAllAsync(Key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ticket"] = "ticket-1",
                ["event_time"] = $"{Pushed.ToUnixTimeSeconds()}",
                ["received_at"] = $"{Pushed.AddSeconds(2).ToUnixTimeSeconds()}",
            },
            hash);
        Assert.Null(await _redis.GetDatabase().KeyTimeToLiveAsync(Key));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterSuiteTicketStoreTests : RedisSuiteTicketStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
