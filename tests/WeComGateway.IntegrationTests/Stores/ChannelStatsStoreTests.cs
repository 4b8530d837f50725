using StackExchange.Redis;
using WeComGateway.Storage.Channels;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// Channel statistics count every add and delete exactly once whatever the order and however often it arrives;
/// against the in-memory store (the counting rules), Redis and a Redis Cluster (the same rules as one script).
/// </summary>
public abstract class ChannelStatsStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Day1 = new(2026, 3, 2);
    private static readonly DateOnly Day2 = new(2026, 3, 3);

    protected IChannelStatsStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A fresh corp holding a grant.</summary>
    protected abstract Task<string> NewCorpAsync();

    protected abstract Task CancelAuthAsync(string corpId);

    [Fact]
    public async Task An_add_is_counted_once_however_often_it_is_delivered()
    {
        var corp = await NewCorpAsync();
        var add = Add("evt-1", "zhangsan", "wm1", "douyin", Morning);

        var first = await Store.RecordAsync(corp, add, default);
        var again = await Store.RecordAsync(corp, add, default);

        Assert.Equal(ChannelStatsOutcome.Counted, first.Outcome);
        Assert.Equal(ChannelStatsOutcome.AlreadyCounted, again.Outcome);
        var expected = new ChannelCounters(Adds: 1, FirstAdds: 1, ReAdds: 0, DeletedByCustomer: 0, DeletedByEmployee: 0, Lost: 0);
        Assert.Equal([new ChannelDayTotals("s:douyin", Day1, expected)], first.Touched);
        Assert.Equal(first.Touched, again.Touched);
        var day = Assert.Single(await Store.GetAsync(corp, ChannelBuckets.ForState("douyin"), Day1, Day2, default));
        Assert.Equal(expected, day.Totals);
        Assert.Equal(expected, day.ByEmployee["zhangsan"]);
    }

    [Fact]
    public async Task A_delete_that_arrives_before_its_add_is_unattributed_until_the_add_comes_then_counts_for_the_channel()
    {
        var corp = await NewCorpAsync();
        var delete = Delete("evt-2", ChannelEventKind.DeletedByCustomer, "zhangsan", "wm1", Morning.AddDays(1));

        var early = await Store.RecordAsync(corp, delete, default);
        var late = await Store.RecordAsync(corp, Add("evt-1", "zhangsan", "wm1", "douyin", Morning), default);

        Assert.Equal([new ChannelDayTotals(ChannelBuckets.Unattributed, Day2, new(0, 0, 0, 1, 0, 1))], early.Touched);
        Assert.Contains(new ChannelDayTotals(ChannelBuckets.Unattributed, Day2, ChannelCounters.Zero), late.Touched);
        Assert.Contains(new ChannelDayTotals("s:douyin", Day2, new(0, 0, 0, 1, 0, 1)), late.Touched);
        var days = await Store.GetAsync(corp, "s:douyin", Day1, Day2, default);
        Assert.Equal([new(1, 1, 0, 0, 0, 0), new(0, 0, 0, 1, 0, 1)], days.Select(d => d.Totals));
        Assert.Empty(await Store.GetAsync(corp, ChannelBuckets.Unattributed, Day2, Day2, default));
    }

    [Fact]
    public async Task The_earliest_add_of_a_customer_in_the_corp_is_the_first_add_even_when_it_arrives_last()
    {
        var corp = await NewCorpAsync();

        await Store.RecordAsync(corp, Add("evt-b", "lisi", "wm1", "poster", Morning.AddHours(2)), default);
        var late = await Store.RecordAsync(corp, Add("evt-a", "zhangsan", "wm1", "douyin", Morning), default);

        Assert.Contains(new ChannelDayTotals("s:poster", Day1, new(1, 0, 1, 0, 0, 0)), late.Touched);
        Assert.Contains(new ChannelDayTotals("s:douyin", Day1, new(1, 1, 0, 0, 0, 0)), late.Touched);
        var all = Assert.Single(await Store.GetAsync(corp, ChannelBuckets.All, Day1, Day1, default));
        Assert.Equal(new ChannelCounters(2, 1, 1, 0, 0, 0), all.Totals);
        Assert.Equal(new ChannelCounters(1, 0, 1, 0, 0, 0), all.ByEmployee["lisi"]);
    }

    [Fact]
    public async Task A_customer_who_deletes_and_is_deleted_is_lost_once_and_an_add_without_state_counts_apart()
    {
        var corp = await NewCorpAsync();

        await Store.RecordAsync(corp, Add("evt-1", "zhangsan", "wm1", null, Morning), default);
        await Store.RecordAsync(corp, Delete("evt-3", ChannelEventKind.DeletedByEmployee, "zhangsan", "wm1", Morning.AddMinutes(2)), default);
        await Store.RecordAsync(corp, Delete("evt-2", ChannelEventKind.DeletedByCustomer, "zhangsan", "wm1", Morning.AddMinutes(1)), default);

        var day = Assert.Single(await Store.GetAsync(corp, ChannelBuckets.NoState, Day1, Day1, default));
        Assert.Equal(new ChannelCounters(1, 1, 0, 1, 1, 1), day.Totals);
        Assert.Equal(0, day.Totals.NetRetained);
    }

    /// <summary>Two relationships of one customer with one employee, and one with another: every arrival order, each event twice.</summary>
    [Fact]
    public async Task Every_arrival_order_with_duplicates_gives_the_same_exact_counts()
    {
        ChannelStatsEvent[] events =
        [
            Add("e1", "zhangsan", "wm1", "douyin", Morning),
            Delete("e2", ChannelEventKind.DeletedByCustomer, "zhangsan", "wm1", Morning.AddHours(1)),
            Add("e3", "zhangsan", "wm1", "poster", Morning.AddDays(1)),
            Delete("e4", ChannelEventKind.DeletedByEmployee, "zhangsan", "wm1", Morning.AddDays(1).AddHours(1)),
            Add("e5", "lisi", "wm1", "douyin", Morning.AddHours(3)),
        ];
        var orders = Permutations([.. Enumerable.Range(0, events.Length)]).Where((_, i) => i % 6 == 0).ToList();
        foreach (var order in orders)
        {
            var corp = await NewCorpAsync();
            foreach (var i in order.Concat(order.Reverse()))
            {
                await Store.RecordAsync(corp, events[i], default);
            }

            var douyin = await Store.GetAsync(corp, "s:douyin", Day1, Day2, default);
            var poster = await Store.GetAsync(corp, "s:poster", Day1, Day2, default);
            var unattributed = await Store.GetAsync(corp, ChannelBuckets.Unattributed, Day1, Day2, default);
            var order1 = string.Join(",", order);
            Assert.True(douyin.Count == 1, order1);
            Assert.Equal(new ChannelCounters(2, 1, 1, 1, 0, 1), douyin[0].Totals);
            Assert.Equal(new ChannelCounters(1, 1, 0, 1, 0, 1), douyin[0].ByEmployee["zhangsan"]);
            Assert.Equal(new ChannelCounters(1, 0, 1, 0, 0, 0), douyin[0].ByEmployee["lisi"]);
            Assert.Equal(Day2, Assert.Single(poster).Day);
            Assert.Equal(new ChannelCounters(1, 0, 1, 0, 1, 1), poster[0].Totals);
            Assert.Empty(unattributed);
        }
    }

    [Fact]
    public async Task A_corp_without_a_grant_is_not_counted_and_its_counts_go_with_its_last_grant()
    {
        var corp = await NewCorpAsync();
        await Store.RecordAsync(corp, Add("evt-1", "zhangsan", "wm1", "douyin", Morning), default);
        await Store.SaveBehaviorAsync(corp, new DayBehavior(Day1, Morning, [new EmployeeBehavior("zhangsan", 1, 0)]), default);

        await CancelAuthAsync(corp);
        var after = await Store.RecordAsync(corp, Add("evt-2", "zhangsan", "wm2", "douyin", Morning), default);

        Assert.Equal(ChannelStatsOutcome.NotAuthorized, after.Outcome);
        Assert.Empty(await Store.GetAsync(corp, "s:douyin", Day1, Day1, default));
        Assert.Empty(await Store.GetBehaviorAsync(corp, Day1, Day1, default));
        Assert.False(await Store.SaveBehaviorAsync(corp, new DayBehavior(Day1, Morning, []), default));
    }

    [Fact]
    public async Task WeCom_figures_of_a_day_are_kept_per_employee_and_replaced_by_a_later_read()
    {
        var corp = await NewCorpAsync();

        await Store.SaveBehaviorAsync(corp, new DayBehavior(Day1, Morning, [new EmployeeBehavior("zhangsan", 5, 1)]), default);
        await Store.SaveBehaviorAsync(corp, new DayBehavior(Day1, Morning.AddHours(1), [new EmployeeBehavior("lisi", 2, 0), new EmployeeBehavior("zhangsan", 6, 1)]), default);

        var day = Assert.Single(await Store.GetBehaviorAsync(corp, Day1, Day2, default));
        Assert.Equal(Morning.AddHours(1), day.CheckedAt);
        Assert.Equal([new EmployeeBehavior("lisi", 2, 0), new EmployeeBehavior("zhangsan", 6, 1)], day.Employees);
    }

    private static ChannelStatsEvent Add(string key, string user, string customer, string? state, DateTimeOffset at) =>
        new(ChannelEventKind.Added, key, user, customer, state, at, DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime));

    private static ChannelStatsEvent Delete(string key, ChannelEventKind kind, string user, string customer, DateTimeOffset at) =>
        new(kind, key, user, customer, null, at, DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime));

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}

public sealed class InMemoryChannelStatsStoreTests : ChannelStatsStoreTests
{
    private readonly InMemoryChannelStatsStore _store = new();

    public override Task InitializeAsync()
    {
        Store = _store;
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    protected override Task<string> NewCorpAsync()
    {
        var corp = StoreRedis.NewCorpId();
        StoreRedis.Admit(_store, corp);
        return Task.FromResult(corp);
    }

    protected override Task CancelAuthAsync(string corpId)
    {
        _store.ForgetCorp(corpId);
        return Task.CompletedTask;
    }
}

public class RedisChannelStatsStoreTests : ChannelStatsStoreTests
{
    private readonly List<string> _corps = [];

    private IConnectionMultiplexer _redis = null!;

    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisChannelStatsStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        foreach (var corp in _corps)
        {
            await StoreRedis.ForgetCorpAsync(_redis, corp);
        }

        await _redis.DisposeAsync();
    }

    protected override async Task<string> NewCorpAsync()
    {
        var corp = StoreRedis.NewCorpId();
        _corps.Add(corp);
        await StoreRedis.AuthorizeAsync(_redis, corp);
        return corp;
    }

    protected override Task CancelAuthAsync(string corpId) => StoreRedis.CancelAuthAsync(_redis, corpId);

    [Fact]
    public async Task After_the_last_grant_no_key_of_the_counts_is_left()
    {
        var corp = await NewCorpAsync();
        await Store.RecordAsync(corp, new ChannelStatsEvent(ChannelEventKind.Added, "k1", "zhangsan", "wm1", "douyin", DateTimeOffset.UtcNow, new DateOnly(2026, 3, 2)), default);
        await Store.RecordAsync(corp, new ChannelStatsEvent(ChannelEventKind.DeletedByCustomer, "k2", "lisi", "wm2", null, DateTimeOffset.UtcNow, new DateOnly(2026, 3, 2)), default);
        Assert.NotEmpty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{corp}}}:chstats:*"));

        await CancelAuthAsync(corp);

        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{corp}}}:*"));
    }
}

/// <summary>The same tests on the three-node Redis Cluster (every key of a corp in one slot).</summary>
public sealed class RedisClusterChannelStatsStoreTests : RedisChannelStatsStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
