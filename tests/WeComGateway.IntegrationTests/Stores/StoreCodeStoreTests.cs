using StackExchange.Redis;
using WeComGateway.Storage.StoreCodes;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// A corp's stores, campaigns, codes, join ways and counters: only a corp with a grant is written, a store's first code
/// is kept once, and an event counts once however often it is delivered; against Redis, a Redis Cluster and in memory.
/// </summary>
public abstract class StoreCodeStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    protected static readonly TimeSpan Window = TimeSpan.FromDays(7);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IStoreCodeStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    [Fact]
    public async Task A_corp_without_a_grant_keeps_nothing()
    {
        Assert.False(await Store.SaveStoreAsync(CorpId, Site("xuhui-1"), default));
        Assert.False(await Store.SaveCampaignAsync(CorpId, Campaign("spring"), default));
        Assert.Null(await Store.AddCodeAsync(CorpId, Code("spring", "xuhui-1", "cfg-1"), null, default));
        Assert.False(await Store.IncrementAsync(CorpId, StoreCodeCounters.Resolved("spring", "xuhui-1"), default));
        Assert.Equal(CountOutcome.NotAuthorized, (await Store.CountOnceAsync(CorpId, "join:e1", ["way:x:joins"], 1, Now, Window, default)).Outcome);

        Assert.Empty(await Store.ListStoresAsync(CorpId, default));
        Assert.Empty((await Store.GetCountsAsync(CorpId, default)).Values);
    }

    [Fact]
    public async Task Stores_and_campaigns_are_kept_and_listed_by_id()
    {
        await AuthorizeAsync();

        await Store.SaveStoreAsync(CorpId, Site("xuhui-1"), default);
        await Store.SaveStoreAsync(CorpId, Site("jingan-2") with { Open = false, Hours = "10:00-22:00", ChatIds = ["wrchat1"] }, default);
        await Store.SaveCampaignAsync(CorpId, Campaign("spring"), default);

        Assert.Equal(["jingan-2", "xuhui-1"], (await Store.ListStoresAsync(CorpId, default)).Select(s => s.Id));
        var jingan = await Store.GetStoreAsync(CorpId, "jingan-2", default);
        Assert.Equal(Site("jingan-2") with { Open = false, Hours = "10:00-22:00", ChatIds = ["wrchat1"] }, jingan, new StoreSiteComparer());
        Assert.Equal("spring", Assert.Single(await Store.ListCampaignsAsync(CorpId, default)).Id);
        Assert.True(await Store.DeleteStoreAsync(CorpId, "xuhui-1", default));
        Assert.Null(await Store.GetStoreAsync(CorpId, "xuhui-1", default));
    }

    [Fact]
    public async Task A_stores_first_code_in_a_campaign_is_kept_and_a_later_one_gets_the_kept_code_back()
    {
        await AuthorizeAsync();

        var first = await Store.AddCodeAsync(CorpId, Code("spring", "xuhui-1", "cfg-1"), null, default);
        var second = await Store.AddCodeAsync(CorpId, Code("spring", "xuhui-1", "cfg-2"), null, default);

        Assert.Equal("cfg-1", first!.ConfigId);
        Assert.Equal("cfg-1", second!.ConfigId);
        Assert.Equal("cfg-1", (await Store.GetCodeAsync(CorpId, "spring", "xuhui-1", default))!.ConfigId);
        Assert.Single(await Store.ListCodesAsync(CorpId, "spring", default));
        Assert.Empty(await Store.ListCodesAsync(CorpId, "autumn", default));
    }

    [Fact]
    public async Task A_stores_group_code_registers_its_join_way_and_chats()
    {
        await AuthorizeAsync();
        var way = Way("cfg-g", "wrchat1", "wrchat2") with { CampaignId = "spring", StoreId = "xuhui-1" };

        await Store.AddCodeAsync(CorpId, Code("spring", "xuhui-1", "cfg-g") with { Kind = StoreCodeKind.Group }, way, default);

        Assert.Equal("xuhui-1", (await Store.FindJoinWayByChatAsync(CorpId, "wrchat2", default))!.StoreId);
        Assert.Equal("cfg-g", Assert.Single(await Store.ListJoinWaysAsync(CorpId, default)).ConfigId);
    }

    [Fact]
    public async Task Deleting_a_join_way_frees_its_chats_but_not_a_chat_another_way_took_since()
    {
        await AuthorizeAsync();
        await Store.SaveJoinWayAsync(CorpId, Way("cfg-a", "wrchat1", "wrchat2"), default);
        await Store.SaveJoinWayAsync(CorpId, Way("cfg-b", "wrchat2"), default);

        Assert.True(await Store.DeleteJoinWayAsync(CorpId, "cfg-a", default));

        Assert.Null(await Store.FindJoinWayByChatAsync(CorpId, "wrchat1", default));
        Assert.Equal("cfg-b", (await Store.FindJoinWayByChatAsync(CorpId, "wrchat2", default))!.ConfigId);
        Assert.Null(await Store.GetJoinWayAsync(CorpId, "cfg-a", default));
        Assert.False(await Store.DeleteJoinWayAsync(CorpId, "cfg-a", default));
    }

    [Fact]
    public async Task An_event_counts_once_however_often_it_is_delivered()
    {
        await AuthorizeAsync();
        string[] counters = [StoreCodeCounters.WayJoins("cfg-g"), StoreCodeCounters.Joins("spring", "xuhui-1")];

        var first = await Store.CountOnceAsync(CorpId, "join:e1", counters, 2, Now, Window, default);
        var again = await Store.CountOnceAsync(CorpId, "join:e1", counters, 2, Now.AddMinutes(5), Window, default);
        var other = await Store.CountOnceAsync(CorpId, "join:e2", counters, 1, Now.AddMinutes(6), Window, default);

        Assert.Equal(new CountResult(CountOutcome.Counted, 2), first);
        Assert.Equal(new CountResult(CountOutcome.Duplicate, 2), again);
        Assert.Equal(new CountResult(CountOutcome.Counted, 3), other);
        var counts = await Store.GetCountsAsync(CorpId, default);
        Assert.Equal(3, counts.Get(StoreCodeCounters.WayJoins("cfg-g")));
        Assert.Equal(3, counts.Get(StoreCodeCounters.Joins("spring", "xuhui-1")));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_events_count_each_event_once()
    {
        await AuthorizeAsync();
        var counter = StoreCodeCounters.Adds("spring", "xuhui-1");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Store.CountOnceAsync(CorpId, $"add:e{i % 50}", [counter], 1, Now.AddMilliseconds(i), Window, default)));

        Assert.Equal(50, (await Store.GetCountsAsync(CorpId, default)).Get(counter));
    }

    [Fact]
    public async Task An_event_older_than_the_window_is_forgotten()
    {
        await AuthorizeAsync();
        var counter = StoreCodeCounters.WayJoins("cfg-g");

        await Store.CountOnceAsync(CorpId, "join:e1", [counter], 1, Now, Window, default);
        var later = await Store.CountOnceAsync(CorpId, "join:e1", [counter], 1, Now + Window + TimeSpan.FromSeconds(1), Window, default);

        Assert.Equal(CountOutcome.Counted, later.Outcome);
    }

    [Fact]
    public async Task Hand_outs_count_every_time()
    {
        await AuthorizeAsync();
        var counter = StoreCodeCounters.Resolved("spring", "xuhui-1");

        await Store.IncrementAsync(CorpId, counter, default);
        await Store.IncrementAsync(CorpId, counter, default);

        Assert.Equal(2, (await Store.GetCountsAsync(CorpId, default)).Get(counter));
    }

    [Fact]
    public async Task Templates_are_kept_listed_and_deleted()
    {
        await AuthorizeAsync();

        await Store.SaveTemplateAsync(CorpId, new GroupWelcomeTemplateEntry("msg1", "新人礼", "欢迎入群", null, Now), default);

        Assert.Equal("新人礼", Assert.Single(await Store.ListTemplatesAsync(CorpId, default)).Name);
        Assert.True(await Store.DeleteTemplateAsync(CorpId, "msg1", default));
        Assert.Empty(await Store.ListTemplatesAsync(CorpId, default));
    }

    [Fact]
    public async Task The_last_cancel_auth_removes_everything_and_later_writes_are_refused()
    {
        await AuthorizeAsync();
        await Store.SaveStoreAsync(CorpId, Site("xuhui-1"), default);
        await Store.SaveJoinWayAsync(CorpId, Way("cfg-a", "wrchat1"), default);
        await Store.CountOnceAsync(CorpId, "join:e1", [StoreCodeCounters.WayJoins("cfg-a")], 1, Now, Window, default);

        await CancelAuthAsync();

        Assert.Empty(await Store.ListStoresAsync(CorpId, default));
        Assert.Null(await Store.FindJoinWayByChatAsync(CorpId, "wrchat1", default));
        Assert.Empty((await Store.GetCountsAsync(CorpId, default)).Values);
        Assert.Equal(CountOutcome.NotAuthorized, (await Store.CountOnceAsync(CorpId, "join:e2", ["way:cfg-a:joins"], 1, Now, Window, default)).Outcome);
        Assert.False(await Store.SaveStoreAsync(CorpId, Site("xuhui-1"), default));
    }

    protected static StoreSite Site(string id) =>
        new(id, "门店 " + id, 31.19, 121.43, "上海市徐汇区", true, null, ["zhangsan"], [], Now);

    protected static StoreCampaign Campaign(string id) => new(id, "春季", StoreCodeKind.Contact, 5, [], Now);

    protected static StoreCode Code(string campaignId, string storeId, string configId) =>
        new(campaignId, storeId, StoreCodeKind.Contact, configId, "https://qr/" + configId, StoreCodeIds.State(campaignId, storeId), Now);

    protected static GroupJoinWay Way(string configId, params string[] chats) =>
        new(configId, 2, null, null, chats, false, null, null, "https://qr/" + configId, null, null, Now);

    /// <summary>Records with lists compare by reference: this compares the lists by content.</summary>
    private sealed class StoreSiteComparer : IEqualityComparer<StoreSite?>
    {
        public bool Equals(StoreSite? x, StoreSite? y) =>
            x is not null && y is not null
            && x with { Employees = [], ChatIds = [] } == y with { Employees = [], ChatIds = [] }
            && x.Employees.SequenceEqual(y.Employees) && x.ChatIds.SequenceEqual(y.ChatIds);

        public int GetHashCode(StoreSite? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}

public sealed class InMemoryStoreCodeStoreTests : StoreCodeStoreTests
{
    private readonly InMemoryStoreCodeStore _store = new();

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

public class RedisStoreCodeStoreTests : StoreCodeStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    /// <summary>The single Redis node; <see cref="RedisClusterStoreCodeStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisStoreCodeStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task Everything_is_fixed_keys_under_the_corp_without_ttl()
    {
        await AuthorizeAsync();
        await Store.SaveStoreAsync(CorpId, Site("xuhui-1"), default);
        await Store.CountOnceAsync(CorpId, "join:e1", [StoreCodeCounters.WayJoins("cfg-a")], 1, Now, Window, default);

        var keys = await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:storecodes:*");

        Assert.Equal([$"wecomgw:{{{CorpId}}}:storecodes:counted", $"wecomgw:{{{CorpId}}}:storecodes:counts", $"wecomgw:{{{CorpId}}}:storecodes:stores"], keys.Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            Assert.Null(await _redis.GetDatabase().KeyTimeToLiveAsync(key));
        }
    }
}

/// <summary>The same tests on the three-node Redis Cluster (every key of a corp in one slot).</summary>
public sealed class RedisClusterStoreCodeStoreTests : RedisStoreCodeStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
