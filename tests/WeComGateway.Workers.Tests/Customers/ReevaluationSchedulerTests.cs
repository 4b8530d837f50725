using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

public sealed class ReevaluationSchedulerTests
{
    private const string Customer = "wmRegularCustomer1";

    [Fact]
    public async Task Customer_whose_re_evaluation_is_due_is_requested_once()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await SeedDueCustomerAsync(worker, Customer, worker.Now.AddHours(-1));

        var requested = await worker.Scheduler().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, requested);
        var request = Assert.Single(await worker.WaitForPublishedAsync<CustomerReevaluationRequested>(_ => true));
        Assert.Equal((worker.CorpId, Customer, worker.Now), (request.CorpId, request.ExternalUserId, request.RequestedAt));
    }

    [Fact]
    public async Task A_second_pass_right_after_the_first_requests_nothing_for_the_claimed_customer()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await SeedDueCustomerAsync(worker, Customer, worker.Now.AddHours(-1));
        var scheduler = worker.Scheduler();

        Assert.Equal(1, await scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await scheduler.RunOnceAsync(CancellationToken.None));

        Assert.Single(await worker.WaitForPublishedAsync<CustomerReevaluationRequested>(_ => true));
    }

    [Fact]
    public async Task Three_purchases_last_45_days_ago_and_600_spent_enters_the_at_risk_segment_once()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.AtRisk);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        foreach (var order in new[] { "A-1", "A-2", "A-3" })
        {
            Assert.Null(await worker.DeliverAsync(Purchase(worker.CorpId, Customer, order, 200m, worker.Now, "水果")));
        }

        var scheduler = worker.Scheduler();
        Assert.Equal(0, await scheduler.RunOnceAsync(CancellationToken.None)); // bought today: not at risk for 30 days

        await worker.AdvanceAsync(TimeSpan.FromDays(45));
        Assert.Equal(1, await scheduler.RunOnceAsync(CancellationToken.None));
        await worker.WaitForPublishedAsync<CustomerReevaluationRequested>(_ => true);

        var entered = Assert.Single(worker.Published<CustomerSegmentEntered>());
        Assert.Equal((worker.CorpId, Customer, "at-risk", "at-risk", worker.Now),
            (entered.CorpId, entered.ExternalUserId, entered.Segment, entered.RuleId, entered.At));
        var mark = (await worker.WeCom.CallsAsync(WeComApis.MarkTag))[^1];
        Assert.Equal(0, mark.Errcode);
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "价值", "重要挽留"))!], mark.Body<MarkTagRequest>().AddTag);

        await worker.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(0, await scheduler.RunOnceAsync(CancellationToken.None)); // next due when the 60 days are over
        Assert.Null(await worker.DeliverAsync(new CustomerReevaluationRequested { CorpId = worker.CorpId, ExternalUserId = Customer, RequestedAt = worker.Now }));
        Assert.Single(worker.Published<CustomerSegmentEntered>());
        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal(["at-risk"], facts.Segments);
    }

    private static async Task SeedDueCustomerAsync(AutomationHarness worker, string externalUserId, DateTimeOffset dueAt)
    {
        var facts = CustomerFacts.New(worker.CorpId, externalUserId) with { PurchaseCount = 1, TotalSpent = 99m, LastPurchaseAt = worker.Now.AddDays(-40) };
        Assert.True(await worker.FactsStore.TryWriteAsync(
            worker.CorpId, externalUserId, 0, CustomerFactsRepository.Serialize(facts, []), dueAt, CancellationToken.None));
    }
}
