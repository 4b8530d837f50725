using WeComGateway.Contracts;
using WeComGateway.Storage.Fission;
using WeComGateway.Workers.Fission;

namespace WeComGateway.Workers.Tests.Fission;

/// <summary>Credits, goals, deletes and levels as the fission consumer publishes and counts them (in-memory bus and store).</summary>
public sealed class FissionCreditingTests
{
    private const string Alice = "wmAliceSeed000001";
    private const string Bob = "wmBobFriend000002";
    private const string Carol = "wmCarolFriend0003";
    private const string Dave = "wmDaveFriend00004";
    private const string Erin = "wmErinFriend00005";
    private const string Frank = "wmFrankFriend0006";

    [Fact]
    public async Task A_new_customer_added_through_a_participants_state_credits_the_participant_and_is_published()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 3);
        var state = await worker.JoinAsync(Alice);

        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        var changed = Assert.Single(worker.Published<FissionCreditChanged>());
        Assert.Equal((worker.CorpId, "spring", Alice, Bob, "credited", 1L, worker.Now),
            (changed.CorpId, changed.CampaignId, changed.ParticipantId, changed.CustomerId, changed.Change, changed.Credited, changed.At));
        Assert.Equal((1L, false), ((await worker.ParticipantAsync(Alice)).Credited, (await worker.ParticipantAsync(Alice)).GoalReached));
        var bob = await worker.ParticipantAsync(Bob); // invited: a participant at once, without a state until they join
        Assert.Equal(((string?)null, Alice, 1, FissionSources.Invited), (bob.State, bob.Inviter, bob.Depth, bob.Source));
        Assert.Empty(worker.Published<FissionGoalReached>());
        Assert.Equal(["credited"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task Reaching_the_goal_publishes_FissionGoalReached_once_and_a_redelivered_add_only_repeats_its_credit()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 2);
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        var second = worker.Added(Carol, state, worker.Now.AddMinutes(1));

        Assert.Null(await worker.DeliverAsync(second));
        Assert.Null(await worker.DeliverAsync(second)); // the same add again: a redelivery
        Assert.Null(await worker.DeliverAsync(worker.Added(Dave, state, worker.Now.AddMinutes(2)))); // beyond the goal

        var (goal, goalId) = Assert.Single(worker.PublishedWithIds<FissionGoalReached>());
        Assert.Equal((worker.CorpId, "spring", Alice, 2L, 2, "礼盒一份"), (goal.CorpId, goal.CampaignId, goal.ParticipantId, goal.Credited, goal.Goal, goal.Reward));
        Assert.Equal(FissionCrediting.MessageIdOf(worker.CorpId, "spring", Alice, "goal"), goalId);
        var credits = worker.PublishedWithIds<FissionCreditChanged>();
        Assert.Equal([(Bob, 1L), (Carol, 2L), (Carol, 2L), (Dave, 3L)], credits.Select(c => (c.Message.CustomerId, c.Message.Credited)));
        Assert.Equal(credits[1].MessageId, credits[2].MessageId); // a subscriber recognises the repeat
        Assert.Equal(3, credits.Select(c => c.MessageId).Distinct().Count());
        var alice = await worker.ParticipantAsync(Alice);
        Assert.Equal((3L, true), (alice.Credited, alice.GoalReached));
        Assert.Equal(["credited", "credited", "repeat", "credited"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task A_goal_whose_publish_failed_stays_pending_and_the_redelivery_publishes_it_once()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 1);
        var state = await worker.JoinAsync(Alice);
        var added = worker.Added(Bob, state, worker.Now);
        worker.GoalPublishesFail = true;

        var fault = await worker.DeliverAsync(added); // every retry finds the goal pending and fails to publish it

        Assert.Contains("refused FissionGoalReached", fault, StringComparison.Ordinal);
        Assert.Empty(worker.Published<FissionGoalReached>());
        Assert.Equal(1L, (await worker.ParticipantAsync(Alice)).Credited); // counted once however often it was tried
        worker.GoalPublishesFail = false;

        Assert.Null(await worker.DeliverAsync(added)); // the redelivery (from the queue, or the error queue moved back)
        Assert.Null(await worker.DeliverAsync(added)); // and once more: the goal is sent now

        var (goal, goalId) = Assert.Single(worker.PublishedWithIds<FissionGoalReached>());
        Assert.Equal((Alice, 1L, 1), (goal.ParticipantId, goal.Credited, goal.Goal));
        Assert.Equal(FissionCrediting.MessageIdOf(worker.CorpId, "spring", Alice, "goal"), goalId);
        Assert.False(await worker.Store.MarkGoalPublishedAsync(worker.CorpId, "spring", Alice, default)); // sent, not pending
        Assert.Single(worker.PublishedWithIds<FissionCreditChanged>().Select(c => c.MessageId).Distinct());
        Assert.Equal(1L, (await worker.ParticipantAsync(Alice)).Credited);
    }

    [Fact]
    public async Task A_friend_who_deletes_within_the_window_takes_the_credit_back()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 3, deleteWindow: TimeSpan.FromMinutes(30));
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        var deleted = worker.Deleted(Bob, worker.Now.AddMinutes(10));

        Assert.Null(await worker.DeliverAsync(deleted));
        Assert.Null(await worker.DeliverAsync(deleted)); // redelivered

        var revokes = worker.PublishedWithIds<FissionCreditChanged>(c => c.Change != "credited");
        Assert.Equal(2, revokes.Count);
        Assert.Equal((Alice, Bob, "deleted_early", 0L, worker.Now.AddMinutes(10)),
            (revokes[0].Message.ParticipantId, revokes[0].Message.CustomerId, revokes[0].Message.Change, revokes[0].Message.Credited, revokes[0].Message.At));
        Assert.Equal(revokes[0].MessageId, revokes[1].MessageId);
        Assert.Equal(0L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal([(Bob, 0L), (Alice, 0L)], (await worker.Store.LeaderboardAsync(worker.CorpId, "spring", 10, default)).Select(p => (p.ExternalUserId, p.Credited))); // ties: higher id first
        Assert.Equal(["deleted_early", "repeat"], worker.Outcomes("delete"));
    }

    [Fact]
    public async Task A_friend_who_deletes_after_the_window_is_a_lost_credit()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 3, deleteWindow: TimeSpan.FromMinutes(30));
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        Assert.Null(await worker.DeliverAsync(worker.Deleted(Bob, worker.Now.AddHours(2))));

        var lost = Assert.Single(worker.Published<FissionCreditChanged>(c => c.Change != "credited"));
        Assert.Equal(("lost", 0L), (lost.Change, lost.Credited));
        Assert.Equal(0L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["lost"], worker.Outcomes("delete"));
    }

    [Fact]
    public async Task A_delete_that_overtakes_its_add_means_the_add_never_counts()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 1, deleteWindow: TimeSpan.FromMinutes(30));
        var state = await worker.JoinAsync(Alice);

        Assert.Null(await worker.DeliverAsync(worker.Deleted(Bob, worker.Now.AddMinutes(5))));
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        Assert.Empty(worker.Published<FissionCreditChanged>());
        Assert.Empty(worker.Published<FissionGoalReached>());
        Assert.Equal((0L, false), ((await worker.ParticipantAsync(Alice)).Credited, (await worker.ParticipantAsync(Alice)).GoalReached));
        Assert.Equal(["recorded"], worker.Outcomes("delete"));
        Assert.Equal(["deleted_early"], worker.Outcomes("add"));
    }

    [Fact]
    public async Task A_friend_deleting_another_employee_keeps_the_credit()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 3);
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));

        Assert.Null(await worker.DeliverAsync(worker.Deleted(Bob, worker.Now.AddMinutes(1), userId: "lisi")));

        Assert.Equal(["credited"], worker.Published<FissionCreditChanged>().Select(c => c.Change));
        Assert.Equal(1L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["recorded"], worker.Outcomes("delete"));
    }

    [Fact]
    public async Task A_reached_goal_stays_reached_when_a_credit_is_taken_back_and_is_not_published_again_when_earned_again()
    {
        // The documented limitation: the goal is checked when the credit is given; a later delete does not undo it.
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 2, deleteWindow: TimeSpan.FromMinutes(30));
        var state = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, state, worker.Now)));
        Assert.Null(await worker.DeliverAsync(worker.Added(Carol, state, worker.Now.AddMinutes(1))));

        Assert.Null(await worker.DeliverAsync(worker.Deleted(Carol, worker.Now.AddMinutes(5))));
        var afterDelete = await worker.ParticipantAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Dave, state, worker.Now.AddMinutes(6))));

        Assert.Equal((1L, true), (afterDelete.Credited, afterDelete.GoalReached));
        Assert.Single(worker.Published<FissionGoalReached>());
        Assert.Equal(2L, (await worker.ParticipantAsync(Alice)).Credited);
        Assert.Equal(["credited", "credited", "deleted_early", "credited"], worker.Published<FissionCreditChanged>().Select(c => c.Change));
    }

    [Fact]
    public async Task Three_levels_of_inviters_are_recorded_and_the_leaderboard_ranks_by_direct_credits()
    {
        await using var worker = await FissionHarness.StartAsync();
        await worker.CreateCampaignAsync(goal: 5);
        var alices = await worker.JoinAsync(Alice);
        Assert.Null(await worker.DeliverAsync(worker.Added(Bob, alices, worker.Now)));
        var bobs = await worker.JoinAsync(Bob); // invited, now sharing their own poster
        Assert.Null(await worker.DeliverAsync(worker.Added(Carol, bobs, worker.Now.AddMinutes(1))));
        var carols = await worker.JoinAsync(Carol);
        Assert.Null(await worker.DeliverAsync(worker.Added(Dave, carols, worker.Now.AddMinutes(2))));
        var daves = await worker.JoinAsync(Dave);
        Assert.Null(await worker.DeliverAsync(worker.Added(Frank, daves, worker.Now.AddMinutes(3)))); // four levels below Alice
        Assert.Null(await worker.DeliverAsync(worker.Added(Erin, alices, worker.Now.AddMinutes(4))));

        var board = await worker.Store.LeaderboardAsync(worker.CorpId, "spring", 4, default);

        Assert.Equal(
            [(Alice, 2L, 1L, 1L, 0), (Dave, 1L, 0L, 0L, 3), (Carol, 1L, 1L, 0L, 2), (Bob, 1L, 1L, 1L, 1)], // ties: higher id first
            board.Select(p => (p.ExternalUserId, p.Credited, p.Level2, p.Level3, p.Depth)));
        Assert.Equal((Dave, 4), ((await worker.ParticipantAsync(Frank)).Inviter, (await worker.ParticipantAsync(Frank)).Depth));
        Assert.Equal([Alice, Bob, Carol, Dave, Alice], worker.Published<FissionCreditChanged>().Select(c => c.ParticipantId)); // the direct inviter only
    }
}
