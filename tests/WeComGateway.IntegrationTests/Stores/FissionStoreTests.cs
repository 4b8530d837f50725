using StackExchange.Redis;
using WeComGateway.Storage.Fission;
using WeComGateway.Storage.Redis;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// Crediting as the fission store decides it (docs/fission.md), in memory, on Redis and on a Redis Cluster: once per
/// new customer, not for re-adds, self-adds, non-customers or adds outside the campaign; deletes take the credit back
/// whichever arrives first; three levels; the goal decided once.
/// </summary>
public abstract class FissionStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected IFissionStore Store { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task AuthorizeAsync();

    protected abstract Task CancelAuthAsync();

    private static FissionCampaign Campaign(string id = "spring", string prefix = "fis-", int goal = 2, TimeSpan? window = null) =>
        new(id, "春季裂变", prefix, goal, "a gift box", ["zhangsan"], T0, T0.AddDays(30), window ?? TimeSpan.FromMinutes(30), T0);

    private async Task<string> SeedAsync(string customer, string campaign = "spring")
    {
        var join = await Store.JoinAsync(CorpId, campaign, customer, "fis-" + customer[^6..], T0, default);
        Assert.Equal(FissionJoinResult.Joined, join.Result);
        return join.Participant!.State!;
    }

    private Task<FissionAddOutcome> AddAsync(string customer, string state, DateTimeOffset at, string employee = "zhangsan", DateTimeOffset? knownSince = null) =>
        Store.RecordAddAsync(CorpId, new FissionAdd(customer, employee, state, at, knownSince), default);

    private Task<FissionDeleteOutcome> DeleteAsync(string customer, DateTimeOffset at, string employee = "zhangsan") =>
        Store.RecordDeleteAsync(CorpId, customer, employee, at, default);

    private async Task<long> CreditedAsync(string participant, string campaign = "spring") =>
        (await Store.GetParticipantAsync(CorpId, campaign, participant, default))!.Credited;

    [Fact]
    public async Task A_corp_without_a_grant_gets_no_campaign_and_its_adds_count_nothing()
    {
        Assert.Equal(FissionCampaignCreateResult.NotAuthorized, await Store.CreateCampaignAsync(CorpId, Campaign(), default));
        Assert.Equal(FissionAddResult.NotAuthorized, (await AddAsync("wmcustomer000001", "fis-x", T0)).Result);
        Assert.Empty(await Store.ListCampaignsAsync(CorpId, default));
    }

    [Fact]
    public async Task A_campaign_is_stored_once_and_its_prefix_is_its_own()
    {
        await AuthorizeAsync();

        Assert.Equal(FissionCampaignCreateResult.Created, await Store.CreateCampaignAsync(CorpId, Campaign(), default));
        Assert.Equal(FissionCampaignCreateResult.IdTaken, await Store.CreateCampaignAsync(CorpId, Campaign(prefix: "other-"), default));
        Assert.Equal(FissionCampaignCreateResult.PrefixTaken, await Store.CreateCampaignAsync(CorpId, Campaign(id: "summer"), default));
        var stored = await Store.GetCampaignAsync(CorpId, "spring", default);
        Assert.Equal(Campaign() with { Employees = [] }, stored! with { Employees = [] });
        Assert.Equal(["zhangsan"], stored.Employees);
        Assert.Equal(["spring"], (await Store.ListCampaignsAsync(CorpId, default)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_new_customer_through_a_state_credits_the_inviter_once_however_often_the_add_arrives()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 5), default);
        var state = await SeedAsync("wmseed00000001");

        var first = await AddAsync("wmfriend0000001", state, T0.AddMinutes(1));
        var again = await AddAsync("wmfriend0000001", state, T0.AddMinutes(1));

        Assert.Equal(FissionAddResult.Credited, first.Result);
        Assert.Equal(new FissionCreditChange("spring", "wmseed00000001", "wmfriend0000001", 1, null, null), first.Credit);
        Assert.Equal(FissionAddResult.Repeat, again.Result);
        Assert.Equal(first.Credit, again.Credit);
        Assert.Equal(1, await CreditedAsync("wmseed00000001"));
    }

    [Fact]
    public async Task Re_adds_self_adds_non_customers_and_adds_outside_the_campaign_do_not_count()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(), default);
        var state = await SeedAsync("wmseed00000001");
        await AddAsync("wmknown00000001", string.Empty, T0.AddMinutes(1)); // the corp had this customer already

        Assert.Equal(FissionAddResult.ReAdd, (await AddAsync("wmknown00000001", state, T0.AddMinutes(2))).Result);
        Assert.Equal(FissionAddResult.ReAdd, (await AddAsync("wmfacts00000001", state, T0.AddMinutes(2), knownSince: T0.AddDays(-90))).Result);
        Assert.Equal(FissionAddResult.SelfAdd, (await AddAsync("wmseed00000001", state, T0.AddMinutes(3))).Result);
        Assert.Equal(FissionAddResult.NotCustomer, (await AddAsync("lisi", state, T0.AddMinutes(3))).Result);
        Assert.Equal(FissionAddResult.OutsideCampaign, (await AddAsync("wmlate000000001", state, T0.AddDays(31))).Result);
        Assert.Equal(FissionAddResult.NotFission, (await AddAsync("wmother00000001", "channel-x", T0.AddMinutes(3))).Result);
        Assert.Equal(FissionAddResult.Credited, (await AddAsync("wmnew000000001", state, T0.AddMinutes(4))).Result);
        Assert.Equal(FissionAddResult.ReAdd, (await AddAsync("wmnew000000001", state, T0.AddMinutes(9), employee: "lisi")).Result);
        Assert.Equal(1, await CreditedAsync("wmseed00000001"));
    }

    [Fact]
    public async Task A_delete_within_the_window_and_a_later_one_both_take_the_credit_back_once()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 5, window: TimeSpan.FromMinutes(30)), default);
        var state = await SeedAsync("wmseed00000001");
        await AddAsync("wmearly00000001", state, T0.AddMinutes(1));
        await AddAsync("wmlater00000001", state, T0.AddMinutes(1));
        await AddAsync("wmstays00000001", state, T0.AddMinutes(1));

        var early = await DeleteAsync("wmearly00000001", T0.AddMinutes(31));
        var late = await DeleteAsync("wmlater00000001", T0.AddMinutes(32));
        var repeat = await DeleteAsync("wmlater00000001", T0.AddMinutes(32));
        var otherEmployee = await DeleteAsync("wmstays00000001", T0.AddMinutes(5), employee: "lisi");

        Assert.Equal((FissionDeleteResult.Revoked, "deleted_early", 2L), (early.Result, early.Revoked!.Reason, early.Revoked.Credited));
        Assert.Equal((FissionDeleteResult.Revoked, "lost", 1L), (late.Result, late.Revoked!.Reason, late.Revoked.Credited));
        Assert.Equal((FissionDeleteResult.Repeat, "lost", 1L), (repeat.Result, repeat.Revoked!.Reason, repeat.Revoked.Credited));
        Assert.Equal(FissionDeleteResult.Recorded, otherEmployee.Result);
        Assert.Equal(1, await CreditedAsync("wmseed00000001"));
    }

    [Fact]
    public async Task A_delete_that_arrives_before_its_add_means_the_add_never_counts()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 5, window: TimeSpan.FromMinutes(30)), default);
        var state = await SeedAsync("wmseed00000001");

        Assert.Equal(FissionDeleteResult.Recorded, (await DeleteAsync("wmquick00000001", T0.AddMinutes(2))).Result);
        Assert.Equal(FissionDeleteResult.Recorded, (await DeleteAsync("wmgone000000001", T0.AddHours(5))).Result);
        var quick = await AddAsync("wmquick00000001", state, T0.AddMinutes(1));
        var gone = await AddAsync("wmgone000000001", state, T0.AddMinutes(1));
        var quickAgain = await AddAsync("wmquick00000001", state, T0.AddMinutes(1));

        Assert.Equal(FissionAddResult.DeletedEarly, quick.Result);
        Assert.Equal(FissionAddResult.Lost, gone.Result);
        Assert.Equal(FissionAddResult.Repeat, quickAgain.Result);
        Assert.Null(quickAgain.Credit);
        Assert.Equal(0, await CreditedAsync("wmseed00000001"));
    }

    [Fact]
    public async Task An_earlier_add_arriving_late_takes_back_the_credit_of_the_later_one()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 5), default);
        var state = await SeedAsync("wmseed00000001");
        await AddAsync("wmfriend0000001", state, T0.AddMinutes(10));

        var earlier = await AddAsync("wmfriend0000001", string.Empty, T0.AddMinutes(5));

        Assert.Equal(FissionAddResult.NotFission, earlier.Result);
        Assert.Equal(new FissionCreditChange("spring", "wmseed00000001", "wmfriend0000001", 0, null, "readd"), earlier.Revoked);
        Assert.Equal(0, await CreditedAsync("wmseed00000001"));
    }

    [Fact]
    public async Task Three_levels_are_recorded_and_only_the_direct_inviter_is_credited()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 5), default);
        var a = await SeedAsync("wmlevela000001");
        await AddAsync("wmlevelb000001", a, T0.AddMinutes(1));
        var b = (await Store.JoinAsync(CorpId, "spring", "wmlevelb000001", "fis-b00001", T0.AddMinutes(2), default)).Participant!;
        await AddAsync("wmlevelc000001", b.State!, T0.AddMinutes(3));
        var c = (await Store.JoinAsync(CorpId, "spring", "wmlevelc000001", "fis-c00001", T0.AddMinutes(4), default)).Participant!;
        await AddAsync("wmleveld000001", c.State!, T0.AddMinutes(5));
        var d = (await Store.JoinAsync(CorpId, "spring", "wmleveld000001", "fis-d00001", T0.AddMinutes(6), default)).Participant!;
        await AddAsync("wmlevele000001", d.State!, T0.AddMinutes(7));

        var board = await Store.LeaderboardAsync(CorpId, "spring", 10, default);

        Assert.Equal((FissionSources.Invited, "wmlevela000001", 1), (b.Source, b.Inviter, b.Depth));
        Assert.Equal((1L, 1L, 1L), (board.Single(p => p.ExternalUserId == "wmlevela000001").Credited, board.Single(p => p.ExternalUserId == "wmlevela000001").Level2, board.Single(p => p.ExternalUserId == "wmlevela000001").Level3));
        Assert.Equal((1L, 1L, 1L), (board.Single(p => p.ExternalUserId == "wmlevelb000001").Credited, board.Single(p => p.ExternalUserId == "wmlevelb000001").Level2, board.Single(p => p.ExternalUserId == "wmlevelb000001").Level3));
        Assert.Equal((1L, 1L, 0L), (board.Single(p => p.ExternalUserId == "wmlevelc000001").Credited, board.Single(p => p.ExternalUserId == "wmlevelc000001").Level2, board.Single(p => p.ExternalUserId == "wmlevelc000001").Level3));
        Assert.Equal(4, board.Single(p => p.ExternalUserId == "wmlevele000001").Depth);
        Assert.Equal(5, board.Count);
    }

    [Fact]
    public async Task The_goal_is_decided_once_even_when_a_credit_is_taken_back_and_earned_again()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(goal: 2), default);
        var state = await SeedAsync("wmseed00000001");
        await AddAsync("wmfriend0000001", state, T0.AddMinutes(1));

        var reached = await AddAsync("wmfriend0000002", state, T0.AddMinutes(2));
        var marked = await Store.MarkGoalPublishedAsync(CorpId, "spring", "wmseed00000001", default);
        var markedAgain = await Store.MarkGoalPublishedAsync(CorpId, "spring", "wmseed00000001", default);
        await DeleteAsync("wmfriend0000002", T0.AddMinutes(3));
        var earnedAgain = await AddAsync("wmfriend0000003", state, T0.AddMinutes(4));

        Assert.Equal("pending", reached.Credit!.Goal);
        Assert.True(marked);
        Assert.False(markedAgain);
        Assert.Equal((2L, "sent"), (earnedAgain.Credit!.Credited, earnedAgain.Credit.Goal));
        Assert.True((await Store.GetParticipantAsync(CorpId, "spring", "wmseed00000001", default))!.GoalReached);
    }

    [Fact]
    public async Task A_participant_keeps_their_state_and_the_first_poster_stored()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(), default);

        var joined = await Store.JoinAsync(CorpId, "spring", "wmseed00000001", "fis-aaaa0001", T0, default);
        var again = await Store.JoinAsync(CorpId, "spring", "wmseed00000001", "fis-bbbb0002", T0, default);
        var taken = await Store.JoinAsync(CorpId, "spring", "wmseed00000002", "fis-aaaa0001", T0, default);
        var first = await Store.SetPosterAsync(CorpId, "spring", "wmseed00000001", "config-1", "https://qr/1", default);
        var second = await Store.SetPosterAsync(CorpId, "spring", "wmseed00000001", "config-2", "https://qr/2", default);

        Assert.Equal((FissionJoinResult.Joined, "fis-aaaa0001", FissionSources.Seed), (joined.Result, joined.Participant!.State, joined.Participant.Source));
        Assert.Equal((FissionJoinResult.AlreadyJoined, "fis-aaaa0001"), (again.Result, again.Participant!.State));
        Assert.Equal(FissionJoinResult.StateTaken, taken.Result);
        Assert.Equal(("config-1", "https://qr/1"), (first!.ConfigId, first.PosterUrl));
        Assert.Equal("config-1", second!.ConfigId);
        Assert.Equal(FissionJoinResult.NoCampaign, (await Store.JoinAsync(CorpId, "nope", "wmseed00000001", "fis-cccc0003", T0, default)).Result);
    }

    [Fact]
    public async Task After_the_last_grant_is_cancelled_nothing_of_the_campaigns_is_left_or_written()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, Campaign(), default);
        var state = await SeedAsync("wmseed00000001");
        await AddAsync("wmfriend0000001", state, T0.AddMinutes(1));

        await CancelAuthAsync();

        Assert.Empty(await Store.ListCampaignsAsync(CorpId, default));
        Assert.Null(await Store.GetParticipantAsync(CorpId, "spring", "wmseed00000001", default));
        Assert.Equal(FissionAddResult.NotAuthorized, (await AddAsync("wmfriend0000002", state, T0.AddMinutes(2))).Result);
        Assert.Equal(FissionCampaignCreateResult.NotAuthorized, await Store.CreateCampaignAsync(CorpId, Campaign(), default));
    }
}

public sealed class InMemoryFissionStoreTests : FissionStoreTests
{
    private readonly InMemoryFissionStore _store = new();

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

public class RedisFissionStoreTests : FissionStoreTests
{
    private IConnectionMultiplexer _redis = null!;

    /// <summary>The single Redis node; <see cref="RedisClusterFissionStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Store = new RedisFissionStore(_redis);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await _redis.DisposeAsync();
    }

    protected override Task AuthorizeAsync() => StoreRedis.AuthorizeAsync(_redis, CorpId);

    protected override Task CancelAuthAsync() => StoreRedis.CancelAuthAsync(_redis, CorpId);

    [Fact]
    public async Task Every_key_is_the_corps_and_the_last_cancel_removes_them_all()
    {
        await AuthorizeAsync();
        await Store.CreateCampaignAsync(CorpId, new FissionCampaign("spring", "s", "fis-", 1, "r", ["zhangsan"], T0, T0.AddDays(1), TimeSpan.Zero, T0), default);
        await Store.JoinAsync(CorpId, "spring", "wmseed00000001", "fis-aaaa0001", T0, default);
        await Store.RecordAddAsync(CorpId, new FissionAdd("wmfriend0000001", "zhangsan", "fis-aaaa0001", T0.AddMinutes(1), null), default);
        var before = await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:fission:*");

        await CancelAuthAsync();

        Assert.Equal(6, before.Count);
        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{CorpId}}}:*"));
        Assert.Contains(RedisKeys.FissionCustomers(CorpId).ToString(), before);
    }
}

/// <summary>The same tests on the three-node Redis Cluster (every key of a corp in one slot).</summary>
public sealed class RedisClusterFissionStoreTests : RedisFissionStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
