using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

public sealed class CustomerTaggingTests
{
    private const string Customer = "wmTaggedCustomer01";

    [Fact]
    public async Task Customer_from_poster_42_is_tagged_with_the_channel_and_the_first_stage_in_one_mark_tag()
    {
        await using var worker = await AutomationHarness.StartAsync();

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        var channel = await worker.WeCom.TagIdAsync(worker.CorpId, "渠道", "poster-42");
        var stage = await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户");
        Assert.NotNull(channel);
        Assert.NotNull(stage);
        var call = Assert.Single(await worker.WeCom.CallsAsync(WeComApis.MarkTag));
        var mark = call.Body<MarkTagRequest>();
        Assert.Equal((Employee, Customer), (mark.UserId, mark.ExternalUserId));
        Assert.Equal([channel, stage], mark.AddTag);
        Assert.Null(mark.RemoveTag);
        Assert.Equal((0, AutomationHarness.SuiteId, worker.CorpId), (call.Errcode, call.SuiteId, call.CorpId)); // the corp's token, of the suite

        var moved = Assert.Single(worker.Published<LifecycleStageChanged>());
        Assert.Equal((worker.CorpId, Customer, (string?)null, "新客户", "first-stage", worker.Now),
            (moved.CorpId, moved.ExternalUserId, moved.From, moved.To, moved.Reason, moved.At));

        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal(("新客户", "poster-42"), (facts.Stage, facts.Channel));
        Assert.Equal([Employee], facts.FollowUsers);
        Assert.Equal([new("渠道", "poster-42"), new("客户阶段", "新客户")], facts.Tags);
    }

    [Fact]
    public async Task The_same_add_event_delivered_twice_tags_the_customer_once()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42");

        Assert.Null(await worker.DeliverAsync(added));
        Assert.Null(await worker.DeliverAsync(added));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.MarkTag));
        Assert.Single(worker.Published<LifecycleStageChanged>());
    }

    [Fact]
    public async Task A_tag_that_already_exists_in_WeCom_is_reused_not_created_again()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var existing = await worker.WeCom.AddTagAsync(worker.CorpId, "渠道", "poster-42");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        var created = Assert.Single(await worker.WeCom.RequestsAsync<AddCorpTagRequest>(WeComApis.AddCorpTag));
        Assert.Equal("客户阶段", created.GroupName);
        Assert.Equal(["新客户"], created.Tag.Select(t => t.Name));
        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        var stage = await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户");
        Assert.NotNull(stage);
        Assert.Equal([existing, stage], mark.AddTag);
    }

    [Fact]
    public async Task A_new_tag_is_created_in_the_group_that_already_exists()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.AddTagAsync(worker.CorpId, "渠道", "poster-7");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        var channel = (await worker.WeCom.RequestsAsync<AddCorpTagRequest>(WeComApis.AddCorpTag)).Single(r => r.Tag.Any(t => t.Name == "poster-42"));
        var group = (await worker.WeCom.TagGroupsAsync(worker.CorpId)).Single(g => g.GroupName == "渠道");
        Assert.Equal(group.GroupId, channel.GroupId);
        Assert.Equal(["poster-7", "poster-42"], group.Tags.Select(t => t.TagName));
    }

    [Fact]
    public async Task The_tag_list_is_cached_until_WeCom_says_a_corp_tag_was_created()
    {
        await using var worker = await AutomationHarness.StartAsync();
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmFirstCustomer01", worker.Now.AddSeconds(-1), state: "poster-42")));
        var listed = await worker.WeCom.CountAsync(WeComApis.TagList);

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmSecondCustomer1", worker.Now.AddSeconds(-1), state: "poster-42")));
        Assert.Equal(listed, await worker.WeCom.CountAsync(WeComApis.TagList)); // every tag found in the cached list

        var consoleTag = await worker.WeCom.AddTagAsync(worker.CorpId, "渠道", "门店");
        Assert.Null(await worker.DeliverAsync(TagCreated(worker.CorpId, consoleTag, worker.Now)));
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmThirdCustomer01", worker.Now.AddSeconds(-1), state: "poster-42")));

        Assert.Equal(listed + 1, await worker.WeCom.CountAsync(WeComApis.TagList));
        Assert.Equal(3, await worker.WeCom.CountAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task Customer_who_bought_fruit_is_tagged_爱水果_through_the_employee_who_follows_them()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.FruitLover);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), userId: "lisi")));

        Assert.Null(await worker.DeliverAsync(Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果", "礼盒")));

        var 爱水果 = await worker.WeCom.TagIdAsync(worker.CorpId, "兴趣", "爱水果");
        Assert.NotNull(爱水果);
        var calls = await worker.WeCom.CallsAsync(WeComApis.MarkTag);
        Assert.Equal(2, calls.Count);
        var mark = calls[1].Body<MarkTagRequest>();
        Assert.Equal(("lisi", Customer), (mark.UserId, mark.ExternalUserId));
        Assert.Equal([爱水果], mark.AddTag);
        Assert.Equal((0, AutomationHarness.SuiteId, worker.CorpId), (calls[1].Errcode, calls[1].SuiteId, calls[1].CorpId)); // the suite from the stored authorization

        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal((1, 88.50m), (facts.PurchaseCount, facts.TotalSpent));
        Assert.Equal(["水果", "礼盒"], facts.PurchasedCategories);
        Assert.Contains(new("兴趣", "爱水果"), facts.Tags);
    }

    [Fact]
    public async Task Purchase_for_a_corp_without_a_grant_is_dropped_with_a_warning_and_keeps_nothing()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var stranger = "wwnotinstalledhere01";
        await worker.SeedFactsAsync(CustomerFacts.New(stranger, Customer) with { FollowUsers = [Employee], AddedAt = worker.Now.AddDays(-1) });

        var failure = await worker.DeliverAsync(Purchase(stranger, Customer, "A-1001", 88.50m, worker.Now, "水果"));

        Assert.Null(failure);
        Assert.Empty(await worker.WeCom.CallsAsync());
        Assert.Null(await worker.FactsAsync(Customer, stranger)); // not even the seeded facts: no grant, no data
        Assert.Contains(worker.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains($"Corp {stranger}", StringComparison.Ordinal)
            && r.Message.Contains("holds no active grant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Twenty_purchases_of_one_customer_processed_at_once_are_all_counted()
    {
        // Store calls yield like Redis round trips, so the consumers really race between read and compare-and-set.
        var inner = new InMemoryCustomerFactsStore();
        await using var worker = await AutomationHarness.StartAsync((services, _) =>
            services.AddSingleton(inner).AddSingleton<ICustomerFactsStore>(new RoundTripFactsStore(inner)));
        await worker.UseRuleSetAsync(CorpRuleSets.FruitLover);
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));

        var failures = await Task.WhenAll(Enumerable.Range(1, 20)
            .Select(i => worker.DeliverAsync(Purchase(worker.CorpId, Customer, $"A-{i:D4}", 10m * i, worker.Now, i % 2 == 0 ? "水果" : "蔬菜"))));

        Assert.All(failures, Assert.Null);
        var facts = await worker.FactsAsync(Customer);
        Assert.NotNull(facts);
        Assert.Equal((20, 2100m), (facts.PurchaseCount, facts.TotalSpent));
        Assert.Equal("新客户", facts.Stage);
        Assert.Equal(["水果", "蔬菜"], facts.PurchasedCategories.Order(StringComparer.Ordinal));
        Assert.Single(facts.Tags, t => t == new TagRef("兴趣", "爱水果"));
        var 爱水果 = await worker.WeCom.TagIdAsync(worker.CorpId, "兴趣", "爱水果");
        Assert.All((await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag)).Skip(1), m => Assert.Equal([爱水果!], m.AddTag)); // racers may repeat it: set-based
    }
}
