using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

public sealed class CustomerLifecycleTests
{
    private const string Customer = "wmLeavingCustomer1";

    [Fact]
    public async Task Customer_who_deletes_their_only_employee_moves_to_无意向_and_is_published_as_lost()
    {
        await using var worker = await AutomationHarness.StartAsync();
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-60))));
        var deleted = DeletedByCustomer(worker.CorpId, Customer, worker.Now.AddSeconds(-1));

        Assert.Null(await worker.DeliverAsync(deleted));

        var moved = worker.Published<LifecycleStageChanged>().Single(m => m.To == "无意向");
        Assert.Equal(("新客户", "customer_lost"), (moved.From, moved.Reason));
        var lost = Assert.Single(worker.Published<CustomerLost>());
        Assert.Equal((worker.CorpId, Customer, Employee, "新客户", deleted.EventTime),
            (lost.CorpId, lost.ExternalUserId, lost.UserId, lost.PreviousStage, lost.At));
        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal(("无意向", true), (facts.Stage, facts.Lost));
    }

    [Fact]
    public async Task Lost_customer_has_the_old_stage_tag_removed_and_无意向_added_in_one_mark_tag()
    {
        await using var worker = await AutomationHarness.StartAsync();
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-60))));

        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));

        // WeCom keeps the customer in the employee's list after del_follow_user: the employee can still tag them.
        var marks = await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag);
        Assert.Equal(2, marks.Count);
        Assert.Equal((Employee, Customer), (marks[1].UserId, marks[1].ExternalUserId));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"))!], marks[1].RemoveTag);
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "无意向"))!], marks[1].AddTag);
        Assert.All(await worker.WeCom.CallsAsync(WeComApis.MarkTag), c => Assert.Equal(0, c.Errcode)); // WeCom accepted both
        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal([new TagRef("客户阶段", "无意向")], facts.Tags);
    }
}
