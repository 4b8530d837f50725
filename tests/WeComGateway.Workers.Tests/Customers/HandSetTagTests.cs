using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>Tags employees set by hand in the WeCom app reach the facts through edit_external_contact.</summary>
public sealed class HandSetTagTests
{
    private const string Customer = "wmHandTaggedCust01";

    /// <summary>Customers an employee marks 等级/VIP by hand join the VIP segment and get the gateway's 跟进/VIP专属.</summary>
    private const string VipFollowUp = """
        {
          "name": "水果铺 VIP",
          "rules": [
            { "id": "first-stage", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "新客户" } },
            {
              "id": "vip",
              "when": { "hasTag": { "group": "等级", "name": "VIP" } },
              "then": { "enterSegment": "vip", "addTags": [ { "group": "跟进", "name": "VIP专属" } ] }
            }
          ]
        }
        """;

    private static readonly TagRef Vip = new("等级", "VIP");
    private static readonly TagRef Stage = new("客户阶段", "新客户");

    [Fact]
    public async Task An_employee_marks_the_customer_VIP_by_hand_and_the_edit_fires_the_VIP_rule()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));

        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, Employee, add: [(Vip.Group, Vip.Name)]);
        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now)));

        var read = Assert.Single(await worker.WeCom.CallsAsync(WeComApis.GetContact));
        Assert.Equal((AutomationHarness.SuiteId, worker.CorpId), (read.SuiteId, read.CorpId)); // through the selected grant
        var entered = Assert.Single(worker.Published<CustomerSegmentEntered>());
        Assert.Equal(("vip", "vip"), (entered.Segment, entered.RuleId));
        var marks = await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag);
        Assert.Equal(2, marks.Count);
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "跟进", "VIP专属"))!], marks[1].AddTag);
        Assert.Null(marks[1].RemoveTag); // the hand-set tag is left alone

        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal([Vip], facts.ManualTags);
        Assert.Equal([Stage, new("跟进", "VIP专属")], facts.Tags);
        Assert.Equal(["vip"], facts.Segments);
    }

    [Fact]
    public async Task Tags_removed_by_hand_leave_the_facts_and_the_stage_tag_comes_back()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, Employee, add: [(Vip.Group, Vip.Name)]);
        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now)));

        await worker.AdvanceAsync(TimeSpan.FromMinutes(5));
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, Employee, remove: [(Vip.Group, Vip.Name), ("跟进", "VIP专属"), (Stage.Group, Stage.Name)]);
        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now)));

        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Empty(facts.ManualTags);
        Assert.Equal([Stage], facts.Tags); // 跟进/VIP专属 gone with the hand; the stage is the gateway's and is put back
        Assert.Equal("新客户", facts.Stage);
        Assert.Empty(facts.Segments); // a level-triggered segment: left once the rule no longer matches
        var mark = (await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag))[^1];
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, Stage.Group, Stage.Name))!], mark.AddTag);
        Assert.Null(mark.RemoveTag);
    }

    [Fact]
    public async Task The_tags_of_every_follow_user_are_read_page_by_page_and_only_corp_tags_count()
    {
        await using var worker = await AutomationHarness.StartAsync(weComOptions: new WeComEmulatorOptions { FollowUserPageSize = 1 });
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        await worker.WeCom.AddTagAsync(worker.CorpId, "兴趣", "爱水果");
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), userId: "lisi")));
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, "lisi", add: [(Vip.Group, Vip.Name)]);
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, "wangwu", add: [("兴趣", "爱水果")]);

        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now, userId: "lisi")));

        var reads = await worker.WeCom.CallsAsync(WeComApis.GetContact);
        Assert.Equal(3, reads.Count); // zhangsan, lisi, wangwu: one follow user per page
        Assert.Equal(["", "FOLLOW-1", "FOLLOW-2"], reads.Select(c => c.Query.GetValueOrDefault("cursor") ?? string.Empty));
        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal([Vip, new("兴趣", "爱水果")], facts.ManualTags);
        Assert.Single(worker.Published<CustomerSegmentEntered>());
    }

    [Fact]
    public async Task The_same_edit_delivered_twice_reads_WeCom_once()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, Employee, add: [(Vip.Group, Vip.Name)]);
        var edited = Edited(worker.CorpId, Customer, worker.Now);

        Assert.Null(await worker.DeliverAsync(edited));
        Assert.Null(await worker.DeliverAsync(edited));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.GetContact));
        Assert.Single(worker.Published<CustomerSegmentEntered>());
    }

    [Fact]
    public async Task A_write_conflict_decides_again_from_the_newer_facts_without_reading_WeCom_again()
    {
        var inner = new InMemoryCustomerFactsStore();
        var store = new InterruptingFactsStore(inner);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.AddSingleton(inner).AddSingleton<ICustomerFactsStore>(store));
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        await worker.WeCom.TagByHandAsync(worker.CorpId, Customer, Employee, add: [(Vip.Group, Vip.Name)]);
        var purchase = CustomerEventMapper.From(Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果"));
        store.BeforeNextWrite(async inner => // another worker applies a purchase meanwhile
        {
            var stored = (await inner.GetAsync(worker.CorpId, Customer, default))!;
            var next = CustomerFactsUpdater.Apply(CustomerFactsRepository.Deserialize(stored.Json, stored.Version).Facts, purchase)!;
            Assert.True(await inner.TryWriteAsync(worker.CorpId, Customer, stored.Version, CustomerFactsRepository.Serialize(next, []), null, default));
        });

        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now)));

        Assert.Equal(1, store.Conflicts);
        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.GetContact));
        var stored = await worker.FactsAsync(Customer);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.PurchaseCount);
        Assert.Equal([Vip], stored.ManualTags);
        Assert.Single(worker.Published<CustomerSegmentEntered>());
    }

    [Fact]
    public async Task A_tag_the_gateway_has_not_managed_to_apply_yet_survives_the_edit_and_reaches_WeCom_on_the_replay()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.FruitLover);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        await worker.WeCom.FailAsync(WeComApis.MarkTag, 40068, errmsg: "invalid tagid");
        var purchase = Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果");
        Assert.NotNull(await worker.DeliverAsync(purchase)); // refused for good: 兴趣/爱水果 pending, not in WeCom

        Assert.Null(await worker.DeliverAsync(Edited(worker.CorpId, Customer, worker.Now)));

        var afterEdit = await worker.StoredAsync(Customer);
        Assert.Equal([Stage, new("兴趣", "爱水果")], afterEdit.Facts.Tags); // WeCom does not show it yet: the facts' word stands
        Assert.Empty(afterEdit.Facts.ManualTags);
        Assert.Single(afterEdit.Pending);

        Assert.Null(await worker.DeliverAsync(purchase)); // the replay from the error queue

        var 爱水果 = await worker.WeCom.TagIdAsync(worker.CorpId, "兴趣", "爱水果");
        var follow = (await worker.WeCom.StateAsync()).Customers.Single(c => c.Corpid == worker.CorpId && c.ExternalUserid == Customer).FollowUsers.Single();
        Assert.Contains(爱水果, follow.Tags.Select(t => t.TagId));
        Assert.Empty((await worker.StoredAsync(Customer)).Pending);
    }

    [Fact]
    public async Task An_edit_of_a_customer_who_is_nobodys_contact_any_more_is_applied_without_their_tags()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(VipFollowUp);
        await worker.WeCom.AddTagAsync(worker.CorpId, Vip.Group, Vip.Name);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        await worker.WeCom.FailAsync(WeComApis.GetContact, 84061, errmsg: "not external contact");
        var edited = Edited(worker.CorpId, Customer, worker.Now);

        Assert.Null(await worker.DeliverAsync(edited));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.GetContact)); // an answer, not retried
        var stored = await worker.StoredAsync(Customer);
        Assert.Contains(edited.DedupeKey, stored.Facts.RecentEventKeys);
        Assert.Equal([Stage], stored.Facts.Tags);
        Assert.Empty(stored.Facts.ManualTags);
        Assert.Empty(stored.Pending);
        Assert.Empty(worker.Published<CustomerSegmentEntered>());
    }
}
