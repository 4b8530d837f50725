using System.Text.Json;
using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class CustomerFactsUpdaterTests
{
    [Fact]
    public void New_customer_from_a_poster_remembers_the_channel_the_time_and_the_employee()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added("poster-spring", "zhangsan", MondayMorning))!;

        Assert.Equal("poster-spring", facts.Channel);
        Assert.Equal(MondayMorning, facts.AddedAt);
        Assert.Equal(["zhangsan"], facts.FollowUsers);
        Assert.False(facts.Lost);
    }

    [Fact]
    public void Channel_stays_the_first_non_empty_state_when_the_customer_adds_another_employee()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(null, "zhangsan", MondayMorning))!;
        facts = CustomerFactsUpdater.Apply(facts, Added("poster-spring", "lisi", MondayMorning.AddDays(1)))!;
        facts = CustomerFactsUpdater.Apply(facts, Added("shop-door", "wangwu", MondayMorning.AddDays(2)))!;

        Assert.Equal("poster-spring", facts.Channel);
        Assert.Equal(MondayMorning, facts.AddedAt);
        Assert.Equal(["zhangsan", "lisi", "wangwu"], facts.FollowUsers);
    }

    [Fact]
    public void The_same_event_applied_again_returns_null()
    {
        var added = Added("poster-spring");
        var once = CustomerFactsUpdater.Apply(New(), added)!;

        Assert.Null(CustomerFactsUpdater.Apply(once, added));
    }

    [Fact]
    public void An_order_published_twice_under_different_keys_is_counted_once()
    {
        var first = Purchase("A-1001", 88m, MondayMorning, "水果");
        var again = first with { EventKey = "redelivered-with-another-key" };

        var facts = CustomerFactsUpdater.Apply(New(), first)!;

        Assert.Null(CustomerFactsUpdater.Apply(facts, again));
        Assert.Equal(1, facts.PurchaseCount);
        Assert.Equal(["order:A-1001"], facts.RecentEventKeys);
    }

    [Fact]
    public void Purchases_add_up_and_keep_the_latest_time_even_when_an_older_order_arrives_late()
    {
        var facts = New();
        facts = CustomerFactsUpdater.Apply(facts, Purchase("A-1", 100m, MondayMorning, "水果", "坚果"))!;
        facts = CustomerFactsUpdater.Apply(facts, Purchase("A-3", 250.50m, MondayMorning.AddDays(10), "水果"))!;
        facts = CustomerFactsUpdater.Apply(facts, Purchase("A-2", 49.50m, MondayMorning.AddDays(5), "饮料"))!;

        Assert.Equal(3, facts.PurchaseCount);
        Assert.Equal(400m, facts.TotalSpent);
        Assert.Equal(MondayMorning.AddDays(10), facts.LastPurchaseAt);
        Assert.Equal(["水果", "坚果", "饮料"], facts.PurchasedCategories);
    }

    [Fact]
    public void A_negative_amount_counts_the_order_but_adds_nothing_to_the_total()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Purchase("R-1", -20m, MondayMorning))!;

        Assert.Equal((1, 0m), (facts.PurchaseCount, facts.TotalSpent));
    }

    [Fact]
    public void Member_who_lapses_has_membership_lapsed()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Membership("active", MondayMorning, "gold"))!;
        facts = CustomerFactsUpdater.Apply(facts, Membership("lapsed", MondayMorning.AddDays(365)))!;

        Assert.Equal(("lapsed", null), (facts.Membership, facts.MembershipLevel));
        Assert.Equal(MondayMorning.AddDays(365), facts.MembershipChangedAt);
    }

    [Fact]
    public void A_membership_change_older_than_the_applied_one_is_ignored()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Membership("lapsed", MondayMorning))!;

        Assert.Null(CustomerFactsUpdater.Apply(facts, Membership("active", MondayMorning.AddMinutes(-1))));
    }

    [Fact]
    public void Customer_who_deletes_their_only_employee_is_lost()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(employee: "zhangsan"))!;

        facts = CustomerFactsUpdater.Apply(facts, DeletedByCustomer("zhangsan"))!;

        Assert.Empty(facts.FollowUsers);
        Assert.True(facts.Lost);
    }

    [Fact]
    public void Customer_who_deletes_one_of_two_employees_is_not_lost()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(employee: "zhangsan"))!;
        facts = CustomerFactsUpdater.Apply(facts, Added(employee: "lisi"))!;

        facts = CustomerFactsUpdater.Apply(facts, DeletedByCustomer("zhangsan"))!;

        Assert.Equal(["lisi"], facts.FollowUsers);
        Assert.False(facts.Lost);
    }

    [Fact]
    public void An_employee_deleting_the_customer_does_not_make_the_customer_lost()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(employee: "zhangsan"))!;

        facts = CustomerFactsUpdater.Apply(facts, DeletedByEmployee("zhangsan"))!;

        Assert.Empty(facts.FollowUsers);
        Assert.False(facts.Lost);
    }

    [Fact]
    public void A_lost_customer_who_adds_an_employee_again_is_no_longer_lost()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(employee: "zhangsan"))!;
        facts = CustomerFactsUpdater.Apply(facts, DeletedByCustomer("zhangsan"))!;

        facts = CustomerFactsUpdater.Apply(facts, Added(employee: "zhangsan"))!;

        Assert.False(facts.Lost);
    }

    [Fact]
    public void Group_chats_are_joined_and_left()
    {
        var facts = CustomerFactsUpdater.Apply(New(), JoinedGroup("wrChatFruit"))!;
        facts = CustomerFactsUpdater.Apply(facts, JoinedGroup("wrChatNuts"))!;
        facts = CustomerFactsUpdater.Apply(facts, LeftGroup("wrChatFruit"))!;

        Assert.Equal(["wrChatNuts"], facts.GroupChats);
    }

    [Fact]
    public void A_scheduled_re_evaluation_changes_nothing_and_is_never_already_applied()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added("poster-spring"))!;
        var scheduled = Scheduled(MondayMorning.AddDays(1));

        Assert.Same(facts, CustomerFactsUpdater.Apply(facts, scheduled));
        Assert.Same(facts, CustomerFactsUpdater.Apply(facts, scheduled));
    }

    [Fact]
    public void Only_the_last_64_event_keys_are_kept()
    {
        var facts = New();
        for (var i = 0; i < 70; i++)
        {
            facts = CustomerFactsUpdater.Apply(facts, Event(AutomationEventKind.ContactEdited, key: $"edit-{i}"))!;
        }

        Assert.Equal(CustomerFacts.RecentEventKeyLimit, facts.RecentEventKeys.Count);
        Assert.Equal("edit-6", facts.RecentEventKeys[0]);
        Assert.Equal("edit-69", facts.RecentEventKeys[^1]);
    }

    [Fact]
    public void An_event_of_another_customer_is_refused()
    {
        var other = Added() with { ExternalUserId = "wmSomeoneElse" };

        Assert.Throws<ArgumentException>(() => CustomerFactsUpdater.Apply(New(), other));
    }

    [Fact]
    public void Facts_survive_the_workers_camelCase_JSON()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var facts = CustomerFactsUpdater.Apply(New(), Added("poster-spring"))! with
        {
            Tags = [new TagRef("渠道", "poster-spring"), new TagRef("客户阶段", "新客户")],
            Stage = "新客户",
            Segments = ["at-risk"],
            TotalSpent = 600.5m,
        };

        var json = JsonSerializer.Serialize(facts, options);
        var back = JsonSerializer.Deserialize<CustomerFacts>(json, options)!;

        Assert.Contains("\"externalUserId\"", json, StringComparison.Ordinal);
        Assert.Equal(facts.Tags, back.Tags);
        Assert.Equal(facts.RecentEventKeys, back.RecentEventKeys);
        Assert.Equal((facts.Channel, facts.AddedAt, facts.Stage, facts.TotalSpent), (back.Channel, back.AddedAt, back.Stage, back.TotalSpent));
        Assert.Equal(facts.Segments, back.Segments);
    }
    [Fact]
    public void WeComs_tags_make_the_hand_set_ones_manual_and_drop_gateway_tags_removed_by_hand()
    {
        TagRef channel = new("渠道", "poster-spring"), stage = new("客户阶段", "新客户"), vip = new("等级", "VIP");
        var facts = New() with { Tags = [channel, stage], ManualTags = [new TagRef("兴趣", "旧标签")] };

        var refreshed = CustomerFactsUpdater.WithWeComTags(facts, [stage, vip, vip], inFlight: []);

        Assert.Equal([stage], refreshed.Tags); // the channel tag was removed by hand
        Assert.Equal([vip], refreshed.ManualTags); // 兴趣/旧标签 too
        Assert.Equal([channel, stage], facts.Tags); // pure
    }

    [Fact]
    public void A_tag_the_gateway_is_changing_keeps_what_the_facts_say_whatever_WeCom_shows()
    {
        TagRef adding = new("兴趣", "爱水果"), removing = new("客户阶段", "新客户"), stage = new("客户阶段", "成交");
        var facts = New() with { Tags = [adding, stage] };

        var refreshed = CustomerFactsUpdater.WithWeComTags(facts, [removing, stage], inFlight: [adding, removing]);

        Assert.Equal([adding, stage], refreshed.Tags); // not in WeCom yet, still wanted
        Assert.Empty(refreshed.ManualTags); // still in WeCom, on its way out: not manual
    }
}
