using WeComGateway.Contracts;

namespace WeComGateway.Workers.Tests.Fission;

/// <summary>Adds the fission consumer does not credit, and corps it leaves alone (in-memory bus and store).</summary>
public sealed class FissionNotCreditedTests
{
    private const string Alice = "wmAliceSeed000001";
    private const string Bob = "wmBobFriend000002";
    private const string Carol = "wmCarolFriend0003";

    [Fact]
    public async Task A_customer_the_corp_had_before_is_a_readd_whether_seen_by_the_gateway_or_backfilled()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync();
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, null, worker.Now.AddDays(-3), userId: "lisi"))); // an add without a state
        await worker.SeedFactsAsync(Carol, worker.Now.AddYears(-1)); // a customer older than the gateway

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Added(Carol, state, worker.Now)));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Equal(0L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["not_fission", "readd", "readd"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task A_credited_customer_adding_another_employee_later_is_a_readd_and_keeps_one_credit()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync();
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now.AddHours(1), userId: "lisi")));

        Assert.Equal(["credited"], worker.Published<FissionCreditChanged>().Select(c => c.Change));
        Assert.Equal(1L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["credited", "readd"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task An_earlier_add_that_arrives_late_takes_the_credit_back_as_a_readd()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync();
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, null, worker.Now.AddDays(-1), userId: "lisi"))); // Bob was no new customer

        var revoked = worker.Published<FissionCreditChanged>()[^1];
        Assert.Equal((Alice, Bob, "readd", 0L, worker.Now.AddDays(-1)), (revoked.ParticipantId, revoked.CustomerId, revoked.Change, revoked.Credited, revoked.At));
        Assert.Equal(0L, (await worker.ParticipantAsync(Alice)).Credited);
    }

    [Fact]
    public async Task A_participant_adding_through_their_own_state_is_not_credited()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 1);
        var state = await worker.JoinAsync(Alice);

        Assert.Null(await worker.DeliverAsync(worker.Added(Alice, state, worker.Now)));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Empty(worker.Published<FissionGoalReached>());
        Assert.Equal((0L, false), ((await worker.ParticipantAsync(Alice)).Credited, (await worker.ParticipantAsync(Alice)).GoalReached));
        Assert.Equal(["self_add"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task An_employee_or_any_id_of_no_customer_is_not_credited_but_a_WeCom_user_of_another_corp_is()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync();
        var state = await worker.JoinAsync(Alice);

        Assert.Null(await worker.DeliverAsync(worker.Added("lisi", state, worker.Now))); // an employee's userid
        Assert.Null(await worker.DeliverAsync(worker.Added("xyCustomer000007", state, worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Added("woWeComUser00008", state, worker.Now)));

        Assert.Equal(["woWeComUser00008"], worker.Published<FissionCreditChanged>().Select(c => c.CustomerId));
        Assert.Equal(1L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["not_customer", "not_customer", "credited"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task Adds_before_the_campaign_starts_or_after_it_ends_are_not_credited()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(startsAt: worker.Now.AddHours(1), endsAt: worker.Now.AddDays(1));
        var state = await worker.JoinAsync(Alice);

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Added(Carol, state, worker.Now.AddDays(1).AddSeconds(1))));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Equal(0L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["outside_campaign", "outside_campaign"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task Adds_and_deletes_of_a_corp_without_campaigns_are_ignored()
    {
        await using var worker = await FissionHarness.StartAsync();

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, "fis-000001", worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Deleted(Bob, worker.Now.AddMinutes(1))));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Empty(await worker.Store.ListCampaignsAsync(worker.CorpId, default));
        Assert.Equal(["no_campaigns"], worker.Outcomes("add"));
        Assert.Equal(["no_campaigns"], worker.Outcomes("delete"));
    }

    [Fact]
    public async Task An_uninstalled_corp_is_not_credited_and_keeps_no_campaign()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 1);
        var state = await worker.JoinAsync(Alice);
        Assert.True((await worker.Authorizations.RemoveGrantAsync(worker.CorpId, FissionHarness.SuiteId, default)).CorpRemoved); // cancel_auth

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Deleted(Bob, worker.Now.AddMinutes(1))));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Empty(worker.Published<FissionGoalReached>());
        Assert.Null(await worker.Store.GetCampaignAsync(worker.CorpId, "spring", default));
        Assert.Null(await worker.Store.GetParticipantAsync(worker.CorpId, "spring", Alice, default));
        Assert.Equal(["not_authorized"], worker.Outcomes("add"));
        Assert.Equal(["not_authorized"], worker.Outcomes("delete"));
        Assert.Contains(worker.Logs.GetSnapshot(), r => r.Message == $"Corp {worker.CorpId} holds no grant: its add is not counted for fission");
    }
}
