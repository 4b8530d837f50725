using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Campaigns;

namespace WeComGateway.Workers.Tests.Campaigns;

/// <summary>
/// Campaigns end to end on the worker side: the scheduler's step, its redelivery and copies, tasks per employee and
/// chunk, the monthly limit, results read until every member sent, CampaignDelivered once, refusals and cancels. WeCom
/// is the emulator; its members confirm a mass message only when the test says so.
/// </summary>
public sealed class CampaignFlowTests
{
    private static readonly TagRef LovesFruit = new("兴趣", "爱水果");

    private static CampaignDefinition Fruit(string text = "今天的橙子到了，来店里尝尝") => new()
    {
        Audience = new CampaignAudience { Tags = new CampaignTagFilter { Any = [LovesFruit] } },
        Content = new CampaignContent { Text = text },
    };

    [Fact]
    public async Task A_redelivered_or_copied_step_creates_one_task_per_employee_and_counts_each_customer_once()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        var zhangsans = await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        var lisis = await gateway.CustomersAsync(1, "lisi", LovesFruit);
        await gateway.CustomersAsync(1, "lisi"); // not 爱水果
        await gateway.CreateAsync("fruit", Fruit());

        Assert.Equal(1, await gateway.RunSchedulerAsync());
        var (step, stepId) = gateway.Published.Of<CampaignDue>().Single();
        await gateway.DeliverAsync(step, stepId!.Value);           // redelivered
        await gateway.DeliverAsync(step, Guid.NewGuid());          // a copy

        var messages = await gateway.WeCom.GroupMessagesAsync();
        Assert.Equal(2, messages.Count(m => m.Corpid == gateway.CorpId));
        Assert.Equal(zhangsans.Order(StringComparer.Ordinal), messages.Single(m => m.Creator == "zhangsan").Members.Single().Customers.Select(c => c.ExternalUserid).Order(StringComparer.Ordinal));
        Assert.Equal(lisis, messages.Single(m => m.Creator == "lisi").Members.Single().Customers.Select(c => c.ExternalUserid));
        Assert.All(messages, m => Assert.Equal("今天的橙子到了，来店里尝尝", m.Text));
        var snapshot = await gateway.SnapshotAsync("fruit");
        Assert.Equal((CampaignStatuses.Tracking, 2, 3, 3), (snapshot.Campaign.Status, snapshot.Tasks.Count, snapshot.Campaign.Counts.Audience, snapshot.Campaign.Counts.Unsent));
        Assert.Equal(2, gateway.Published.Of<CampaignTaskCreated>().Select(p => p.MessageId).Distinct().Count());
        var counts = await gateway.Store.MonthlyCountsAsync(gateway.CorpId, snapshot.Plan!.Month, [.. zhangsans, .. lisis], default);
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public async Task Results_are_read_until_every_member_sent_then_CampaignDelivered_goes_out_once()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        var lisis = await gateway.CustomersAsync(2, "lisi", LovesFruit);
        await gateway.CreateAsync("fruit", Fruit());
        await gateway.RunSchedulerAsync();
        var tasks = (await gateway.SnapshotAsync("fruit")).Tasks.Values.ToList();

        await gateway.WeCom.ConfirmGroupMessageAsync(gateway.CorpId, tasks.Single(t => t.Sender == "zhangsan").MsgId!);
        await gateway.AdvanceAsync(TimeSpan.FromMinutes(1));
        await gateway.RunSchedulerAsync();

        var halfway = await gateway.SnapshotAsync("fruit");
        Assert.Equal((CampaignStatuses.Tracking, 2, 2, 1), (halfway.Campaign.Status, halfway.Campaign.Counts.Sent, halfway.Campaign.Counts.Unsent, halfway.Campaign.Polls));
        Assert.Empty(gateway.Published.Of<CampaignDelivered>());

        await gateway.WeCom.UnfollowAsync(gateway.CorpId, lisis[0], "lisi");
        await gateway.WeCom.ConfirmGroupMessageAsync(gateway.CorpId, tasks.Single(t => t.Sender == "lisi").MsgId!);
        await gateway.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await gateway.RunSchedulerAsync()); // the second read is due 2 minutes after the first
        await gateway.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await gateway.RunSchedulerAsync());

        var done = await gateway.SnapshotAsync("fruit");
        Assert.Equal(CampaignStatuses.Done, done.Campaign.Status);
        var delivered = gateway.Published.Of<CampaignDelivered>().Single().Message;
        Assert.Equal(("all_sent", 4, 3, 1, 0), (delivered.Reason, delivered.Audience, delivered.Sent, delivered.NotFriend, delivered.Unsent));
        var results = gateway.Published.Of<CampaignMessageResult>();
        Assert.Equal(4, results.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(CampaignMessageStatuses.NotFriend, results.Single(r => r.Message.ExternalUserId == lisis[0]).Message.Status);

        await gateway.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(0, await gateway.RunSchedulerAsync()); // nothing more is due
        var (step, _) = gateway.Published.Of<CampaignDue>()[^1];
        await gateway.DeliverAsync(step, Guid.NewGuid());
        Assert.Single(gateway.Published.Of<CampaignDelivered>());
    }

    [Fact]
    public async Task Customers_at_the_monthly_limit_are_left_out_and_counted_as_skipped()
    {
        await using var gateway = await CampaignHarness.StartAsync(monthlyLimit: 1);
        await gateway.CustomersAsync(3, "zhangsan", LovesFruit);
        await gateway.CreateAsync("first", Fruit());
        await gateway.RunSchedulerAsync();

        var preview = await gateway.PreviewAsync(Fruit("周末特价"));
        await gateway.CreateAsync("second", Fruit("周末特价"));
        await gateway.RunSchedulerAsync(); // no task to wait for: finished in the same step

        Assert.Equal((3, 3, 0, 0), (preview.Matched, preview.SkippedByLimit, preview.Recipients, preview.Tasks));
        Assert.Single(await gateway.WeCom.GroupMessagesAsync());
        var second = await gateway.SnapshotAsync("second");
        Assert.Equal((CampaignStatuses.Done, 3, 0), (second.Campaign.Status, second.Campaign.Counts.SkippedByLimit, second.Campaign.Counts.Tasks));
        Assert.Equal(3, gateway.Published.Of<CampaignDelivered>().Single(d => d.Message.CampaignId == "second").Message.SkippedByLimit);
    }

    [Fact]
    public async Task A_sender_with_more_customers_than_one_task_takes_gets_several_tasks()
    {
        await using var gateway = await CampaignHarness.StartAsync(customersPerTask: 2);
        await gateway.CustomersAsync(5, "zhangsan", LovesFruit);
        await gateway.CreateAsync("fruit", Fruit());

        await gateway.RunSchedulerAsync();

        var messages = await gateway.WeCom.GroupMessagesAsync();
        Assert.Equal([1, 2, 2], messages.Select(m => m.Members.Single().Customers.Count).Order());
        Assert.Equal(["zhangsan|", "zhangsan|", "zhangsan|"], (await gateway.SnapshotAsync("fruit")).Tasks.Keys.Select(k => k[..9]));
    }

    [Fact]
    public async Task Placeholders_render_per_customer_and_each_rendering_is_its_own_task()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        await gateway.CreateAsync("fruit", Fruit("{customer_name|朋友}，今天的橙子到了"));

        await gateway.RunSchedulerAsync();

        Assert.Equal(["客户1，今天的橙子到了", "客户2，今天的橙子到了"], (await gateway.WeCom.GroupMessagesAsync()).Select(m => m.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_task_WeCom_refuses_for_good_is_recorded_once_and_its_customers_count_as_failed()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        await gateway.CustomersAsync(1, "lisi", LovesFruit);
        await gateway.WeCom.FailAsync("externalcontact/add_msg_template", 60011, times: 1);
        await gateway.CreateAsync("fruit", Fruit());

        await gateway.RunSchedulerAsync();

        var snapshot = await gateway.SnapshotAsync("fruit");
        var refused = Assert.Single(snapshot.Tasks.Values, t => t.MsgId is null);
        Assert.Equal(60011, refused.ErrCode);
        Assert.Equal((1, refused.Customers), (snapshot.Campaign.Counts.FailedTasks, snapshot.Campaign.Counts.Failed));
        Assert.Single(await gateway.WeCom.GroupMessagesAsync());
        Assert.Equal(refused.Customers, gateway.Published.Of<CampaignMessageResult>().Count(r => r.Message.Status == CampaignMessageStatuses.Failed));
    }

    [Fact]
    public async Task A_transient_failure_creates_nothing_and_the_next_step_creates_each_task_once()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        await gateway.WeCom.FailAsync("externalcontact/add_msg_template", -1, times: 10);
        await gateway.CreateAsync("fruit", Fruit());

        await gateway.RunSchedulerAsync(); // retried in process, then given up on: the lease brings it back
        await gateway.WeCom.HealAsync();
        await gateway.AdvanceAsync(TimeSpan.FromMinutes(6));
        await gateway.RunSchedulerAsync();

        Assert.Single(await gateway.WeCom.GroupMessagesAsync());
        Assert.Equal(CampaignStatuses.Tracking, (await gateway.SnapshotAsync("fruit")).Campaign.Status);
    }

    [Fact]
    public async Task A_cancelled_campaign_stops_its_unsent_tasks_at_WeCom_and_says_so_once()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(1, "zhangsan", LovesFruit);
        await gateway.CustomersAsync(1, "lisi", LovesFruit);
        await gateway.CreateAsync("fruit", Fruit());
        await gateway.RunSchedulerAsync();
        var tasks = (await gateway.SnapshotAsync("fruit")).Tasks.Values.ToList();
        await gateway.WeCom.ConfirmGroupMessageAsync(gateway.CorpId, tasks.Single(t => t.Sender == "zhangsan").MsgId!);

        var snapshot = await gateway.SnapshotAsync("fruit");
        Assert.True(await gateway.Store.TryUpdateAsync(gateway.CorpId, snapshot.Campaign with { Status = CampaignStatuses.Cancelled }, snapshot.Version, gateway.Now, default), $"v{snapshot.Version} {snapshot.Campaign}");
        await gateway.RunSchedulerAsync();

        var messages = await gateway.WeCom.GroupMessagesAsync();
        Assert.True(messages.Single(m => m.Creator == "lisi").Cancelled, await gateway.WeCom.DescribeCallsAsync());
        Assert.False(messages.Single(m => m.Creator == "zhangsan").Cancelled);
        var delivered = gateway.Published.Of<CampaignDelivered>().Single().Message;
        Assert.Equal(("cancelled", 1, 1), (delivered.Reason, delivered.Sent, delivered.Unsent));
        Assert.NotNull((await gateway.SnapshotAsync("fruit")).Campaign.FinishedAt);
    }

    [Fact]
    public async Task A_campaign_cancelled_before_its_time_sends_nothing()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(1, "zhangsan", LovesFruit);
        await gateway.CreateAsync("later", Fruit(), gateway.Now.AddHours(3));
        var snapshot = await gateway.SnapshotAsync("later");
        Assert.True(await gateway.Store.TryUpdateAsync(gateway.CorpId, snapshot.Campaign with { Status = CampaignStatuses.Cancelled }, snapshot.Version, gateway.Now, default));

        await gateway.RunSchedulerAsync();
        await gateway.AdvanceAsync(TimeSpan.FromHours(4));
        await gateway.RunSchedulerAsync();

        Assert.Empty(await gateway.WeCom.GroupMessagesAsync());
        Assert.Equal("cancelled", gateway.Published.Of<CampaignDelivered>().Single().Message.Reason);
    }

    [Fact]
    public async Task Tracking_ends_after_its_time_with_the_customers_of_members_who_never_sent_counted_unsent()
    {
        await using var gateway = await CampaignHarness.StartAsync();
        await gateway.CustomersAsync(2, "zhangsan", LovesFruit);
        await gateway.CreateAsync("fruit", Fruit());
        await gateway.RunSchedulerAsync();

        for (var i = 0; i < 80; i++)
        {
            await gateway.AdvanceAsync(TimeSpan.FromHours(1));
            await gateway.RunSchedulerAsync();
        }

        var delivered = gateway.Published.Of<CampaignDelivered>().Single().Message;
        Assert.Equal(("tracking_ended", 0, 2), (delivered.Reason, delivered.Sent, delivered.Unsent));
    }
}
