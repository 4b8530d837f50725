using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Redis;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// A corp's campaigns: created once, compare-and-set progress with the due index, the first plan and the first record
/// of a task win and only that record counts the month, results kept per customer, nothing for a corp without a grant
/// and nothing left after it; against Redis, a Redis Cluster and in memory.
/// </summary>
public abstract class CampaignStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(8));
    protected const string Month = "202612";

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ICampaignStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    protected static CampaignRecord Campaign(string id = "fruit-dec", DateTimeOffset? sendAt = null) => new()
    {
        Id = id, Name = "爱水果 12月", Definition = """{"audience":{},"content":{"text":"新到的橙子"}}""", CreatedAt = Now, SendAt = sendAt ?? Now,
    };

    private static CampaignTask Task(string key, string? msgId = "msg1") => new() { Key = key, Sender = "zhangsan", MsgId = msgId, Customers = 2, CreatedAt = Now };

    [Fact]
    public async Task A_corp_without_a_grant_keeps_no_campaign()
    {
        Assert.Equal(CampaignCreateOutcome.NotAuthorized, await Store.CreateAsync(CorpId, Campaign(), default));
        Assert.Null(await Store.GetAsync(CorpId, "fruit-dec", default));
        Assert.Empty(await Store.ListAsync(CorpId, default));
    }

    [Fact]
    public async Task A_campaign_is_created_once_listed_newest_first_and_due_at_its_time()
    {
        await AuthorizeAsync();

        Assert.Equal(CampaignCreateOutcome.Created, await Store.CreateAsync(CorpId, Campaign(), default));
        Assert.Equal(CampaignCreateOutcome.Exists, await Store.CreateAsync(CorpId, Campaign() with { Name = "other" }, default));
        Assert.Equal(CampaignCreateOutcome.Created, await Store.CreateAsync(CorpId, Campaign("later", Now.AddHours(2)) with { CreatedAt = Now.AddSeconds(1) }, default));

        Assert.Equal(["later", "fruit-dec"], (await Store.ListAsync(CorpId, default)).Select(c => c.Id));
        var snapshot = await Store.GetAsync(CorpId, "fruit-dec", default);
        Assert.Equal((1L, "爱水果 12月", CampaignStatuses.Scheduled), (snapshot!.Version, snapshot.Campaign.Name, snapshot.Campaign.Status));
        Assert.Contains(CorpId, await Store.CorpsAsync(default));
        Assert.Equal(["fruit-dec"], await Store.ClaimDueAsync(CorpId, Now, TimeSpan.FromMinutes(1), 10, default));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddSeconds(30), TimeSpan.FromMinutes(1), 10, default)); // leased
        Assert.Equal(["fruit-dec", "later"], await Store.ClaimDueAsync(CorpId, Now.AddHours(3), TimeSpan.FromMinutes(1), 10, default));
    }

    [Fact]
    public async Task Progress_is_compare_and_set_and_a_final_campaign_leaves_the_due_index()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);

        var sending = Campaign() with { Status = CampaignStatuses.Sending };
        Assert.True(await Store.TryUpdateAsync(CorpId, sending, 1, Now.AddMinutes(1), default));
        Assert.False(await Store.TryUpdateAsync(CorpId, sending with { Status = CampaignStatuses.Cancelled }, 1, null, default));
        Assert.True(await Store.TryUpdateAsync(CorpId, sending with { Status = CampaignStatuses.Done }, 2, null, default));

        Assert.Equal((3L, CampaignStatuses.Done), ((await Store.GetAsync(CorpId, "fruit-dec", default))!.Version, (await Store.GetAsync(CorpId, "fruit-dec", default))!.Campaign.Status));
        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now.AddDays(1), TimeSpan.FromMinutes(1), 10, default));
        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
    }

    [Fact]
    public async Task The_first_plan_stored_is_the_plan()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);
        var first = new CampaignPlan { Month = Month, PlannedAt = Now, Audience = 2, Tasks = [new("zhangsan|abc|0", "zhangsan", "abc", ["wm1", "wm2"])], Messages = new Dictionary<string, string> { ["abc"] = "橙子" } };

        var stored = await Store.SavePlanAsync(CorpId, "fruit-dec", first, default);
        var second = await Store.SavePlanAsync(CorpId, "fruit-dec", first with { Audience = 9, Tasks = [] }, default);

        Assert.Equal(2, stored!.Audience);
        Assert.Equal(2, second!.Audience);
        Assert.Equal(["wm1", "wm2"], second.Tasks.Single().ExternalUserIds);
        Assert.Equal("橙子", (await Store.GetAsync(CorpId, "fruit-dec", default))!.Plan!.Messages["abc"]);
        Assert.Null(await Store.SavePlanAsync(CorpId, "missing", first, default));
    }

    [Fact]
    public async Task The_first_record_of_a_task_wins_and_only_it_counts_its_customers_against_the_month()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);

        var recorded = await Store.RecordTaskAsync(CorpId, "fruit-dec", Task("zhangsan|abc|0"), Month, ["wm1", "wm2"], TimeSpan.FromDays(40), default);
        var again = await Store.RecordTaskAsync(CorpId, "fruit-dec", Task("zhangsan|abc|0", "msg2"), Month, ["wm1", "wm2"], TimeSpan.FromDays(40), default);
        await Store.CreateAsync(CorpId, Campaign("second"), default);
        await Store.RecordTaskAsync(CorpId, "second", Task("zhangsan|abc|0", "msg3"), Month, ["wm1"], TimeSpan.FromDays(40), default);

        Assert.Equal("msg1", recorded!.MsgId);
        Assert.Equal("msg1", again!.MsgId);
        var counts = await Store.MonthlyCountsAsync(CorpId, Month, ["wm1", "wm2", "wm3"], default);
        Assert.Equal(new Dictionary<string, int> { ["wm1"] = 2, ["wm2"] = 1 }, counts);
        Assert.Empty(await Store.MonthlyCountsAsync(CorpId, "202701", ["wm1"], default));

        await Store.UpdateTasksAsync(CorpId, "fruit-dec", [recorded with { MemberSent = true }, Task("never|recorded|0")], default);
        var tasks = (await Store.GetAsync(CorpId, "fruit-dec", default))!.Tasks;
        Assert.Equal(["zhangsan|abc|0"], tasks.Keys);
        Assert.True(tasks["zhangsan|abc|0"].MemberSent);
    }

    [Fact]
    public async Task Results_are_kept_per_customer_and_overwritten_by_newer_reads()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);

        await Store.WriteResultsAsync(CorpId, "fruit-dec", new Dictionary<string, int> { ["wm1"] = 0, ["wm2"] = 1 }, default);
        await Store.WriteResultsAsync(CorpId, "fruit-dec", new Dictionary<string, int> { ["wm1"] = 3 }, default);

        Assert.Equal(new Dictionary<string, int> { ["wm1"] = 3, ["wm2"] = 1 }, await Store.ResultsAsync(CorpId, "fruit-dec", default));
    }

    [Fact]
    public async Task Uninstall_removes_every_campaign_and_takes_no_write_after()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);
        await Store.RecordTaskAsync(CorpId, "fruit-dec", Task("zhangsan|abc|0"), Month, ["wm1"], TimeSpan.FromDays(40), default);
        await Store.WriteResultsAsync(CorpId, "fruit-dec", new Dictionary<string, int> { ["wm1"] = 1 }, default);

        await CancelAuthAsync();
        await Store.WriteResultsAsync(CorpId, "fruit-dec", new Dictionary<string, int> { ["wm1"] = 1 }, default);

        Assert.Null(await Store.GetAsync(CorpId, "fruit-dec", default));
        Assert.Empty(await Store.ListAsync(CorpId, default));
        Assert.Empty(await Store.ResultsAsync(CorpId, "fruit-dec", default));
        Assert.Empty(await Store.MonthlyCountsAsync(CorpId, Month, ["wm1"], default));
        Assert.Equal(CampaignCreateOutcome.NotAuthorized, await Store.CreateAsync(CorpId, Campaign(), default));
    }
}

public sealed class InMemoryCampaignStoreTests : CampaignStoreTests
{
    private readonly InMemoryCampaignStore _store = new(new FakeTimeProvider(Now));

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

public class RedisCampaignStoreTests : CampaignStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterCampaignStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisCampaignStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.GetDatabase().SetRemoveAsync(RedisKeys.CampaignCorps, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task Every_campaign_key_is_the_corps_and_uninstall_leaves_none()
    {
        await AuthorizeAsync();
        await Store.CreateAsync(CorpId, Campaign(), default);
        await Store.RecordTaskAsync(CorpId, "fruit-dec", new CampaignTask { Key = "k", Sender = "zhangsan", MsgId = "m", CreatedAt = Now }, Month, ["wm1"], TimeSpan.FromDays(40), default);
        await Store.WriteResultsAsync(CorpId, "fruit-dec", new Dictionary<string, int> { ["wm1"] = 1 }, default);

        var keys = await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*");
        Assert.Contains($"wecomgw:{{{CorpId}}}:campaign:fruit-dec", keys);
        Assert.Contains($"wecomgw:{{{CorpId}}}:campaign:fruit-dec:results", keys);
        Assert.Contains($"wecomgw:{{{CorpId}}}:campaigns:month:{Month}", keys);
        Assert.True(await _redis.GetDatabase().KeyTimeToLiveAsync($"wecomgw:{{{CorpId}}}:campaigns:month:{Month}") > TimeSpan.FromDays(39));

        await CancelAuthAsync();

        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*"));
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterCampaignStoreTests : RedisCampaignStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
