using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

/// <summary>Each condition on its own: does a rule with it match this customer and event?</summary>
public sealed class ConditionTests
{
    public static TheoryData<string, AutomationEvent, CustomerFacts, bool> Cases() => new()
    {
        { """{ "state": ["shop-door", "poster-spring"] }""", Added("poster-spring"), New(), true },
        { """{ "state": "poster-spring" }""", Added("Poster-Spring"), New(), false },
        { """{ "statePrefix": "poster-" }""", Added("poster-spring"), New(), true },
        { """{ "statePrefix": ["mini-", "live-"] }""", Added("poster-spring"), New(), false },
        { """{ "hasState": false }""", Added(null), New(), true },
        { """{ "channel": "poster-spring" }""", Purchase("A-1", 1m, MondayMorning), New() with { Channel = "poster-spring" }, true },
        { """{ "channel": null }""", Purchase("A-1", 1m, MondayMorning), New(), true },
        { """{ "employee": "vip-li" }""", Added(employee: "vip-li"), New(), true },
        { """{ "groupChat": "wrFruit" }""", JoinedGroup("wrFruit"), New(), true },
        { """{ "inGroupChat": ["wrFruit", "wrNuts"] }""", Scheduled(MondayMorning), New() with { GroupChats = ["wrNuts"] }, true },
        { """{ "joinScene": [1, 3] }""", JoinedGroup("wrFruit", 3), New(), true },
        { """{ "joinScene": 1 }""", JoinedGroup("wrFruit", 2), New(), false },
        { """{ "stage": null }""", Scheduled(MondayMorning), New() with { Stage = "新客户" }, false },
        { """{ "stage": ["成交", "意向客户"] }""", Scheduled(MondayMorning), New() with { Stage = "成交" }, true },
        { """{ "hasTag": { "group": "兴趣", "name": "爱水果" } }""", Scheduled(MondayMorning), New() with { Tags = [new TagRef("兴趣", "爱水果")] }, true },
        { """{ "lacksTag": { "group": "兴趣", "name": "爱水果" } }""", Scheduled(MondayMorning), New() with { Tags = [new TagRef("兴趣", "爱水果")] }, false },
        { """{ "hasTag": { "group": "等级", "name": "VIP" } }""", Scheduled(MondayMorning), New() with { ManualTags = [new TagRef("等级", "VIP")] }, true },
        { """{ "lacksTag": { "group": "等级", "name": "VIP" } }""", Scheduled(MondayMorning), New() with { ManualTags = [new TagRef("等级", "VIP")] }, false },
        { """{ "hasTag": { "group": "等级", "name": "VIP" } }""", Scheduled(MondayMorning), New() with { ManualTags = [new TagRef("等级", "普通")] }, false },
        { """{ "purchaseCount": { "gt": 2 } }""", Scheduled(MondayMorning), New() with { PurchaseCount = 3 }, true },
        { """{ "purchaseCount": { "eq": 0 } }""", Scheduled(MondayMorning), New(), true },
        { """{ "totalSpent": { "lt": 500 } }""", Scheduled(MondayMorning), New() with { TotalSpent = 499.99m }, true },
        { """{ "totalSpent": { "gt": 500 } }""", Scheduled(MondayMorning), New() with { TotalSpent = 500m }, false },
        { """{ "daysSinceAdded": { "gte": 7 } }""", Scheduled(MondayMorning), New() with { AddedAt = MondayMorning.AddDays(-7) }, true },
        { """{ "daysSinceAdded": { "gte": 0 } }""", Scheduled(MondayMorning), New(), false },
        { """{ "daysSinceMembershipChange": { "lte": 3 } }""", Scheduled(MondayMorning), New() with { MembershipChangedAt = MondayMorning.AddDays(-3) }, true },
        { """{ "boughtCategory": "水果" }""", Purchase("A-1", 1m, MondayMorning, "水果"), New(), true },
        { """{ "boughtCategory": ["水果", "坚果"] }""", Scheduled(MondayMorning), New() with { PurchasedCategories = ["坚果"] }, true },
        { """{ "membership": ["lapsed", "cancelled"] }""", Scheduled(MondayMorning), New() with { Membership = "cancelled" }, true },
        { """{ "membershipLevel": "gold" }""", Scheduled(MondayMorning), New() with { Membership = "active", MembershipLevel = "gold" }, true },
        { """{ "membership": null }""", Scheduled(MondayMorning), New(), true },
        { """{ "timeOfDay": { "from": "09:00", "to": "18:00" } }""", Scheduled(MondayMorning), New(), true },
        { """{ "any": [ { "state": "a" }, { "employee": "zhangsan" } ] }""", Added("b", "zhangsan"), New(), true },
        { """{ "not": { "employee": "zhangsan" } }""", Added("b", "zhangsan"), New(), false },
        { """{ "event": "contact_added", "employee": "zhangsan", "state": "b" }""", Added("b", "zhangsan"), New(), true },
        { """{ "event": "contact_added", "employee": "zhangsan", "state": "c" }""", Added("b", "zhangsan"), New(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_condition_matches_the_customers_it_describes(string when, AutomationEvent e, CustomerFacts facts, bool matches)
    {
        var rules = RuleSet.Parse(TaggingTests.Rules($$"""{ "id": "r", "when": {{when}}, "then": { "enterSegment": "s" } }"""));

        var decision = rules.Evaluate(facts, e, MondayMorning);

        Assert.Equal(matches, decision.MatchedRuleIds.Contains("r"));
    }

    [Fact]
    public void A_rule_under_any_of_two_events_runs_for_both_and_only_them()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "r", "when": { "any": [ { "event": "group_member_joined" }, { "event": "purchase_recorded" } ] }, "then": { "enterSegment": "s" } }
            """));

        Assert.Single(rules.Evaluate(New(), JoinedGroup("wr1"), MondayMorning).MatchedRuleIds);
        Assert.Single(rules.Evaluate(New(), Purchase("A-1", 1m, MondayMorning), MondayMorning).MatchedRuleIds);
        Assert.Empty(rules.Evaluate(New(), Added("x"), MondayMorning).MatchedRuleIds);
    }

    [Fact]
    public void A_disabled_rule_is_checked_but_never_runs()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "r", "enabled": false, "when": { "event": "contact_added" }, "then": { "enterSegment": "s" } }
            """));

        Assert.Equal(["r"], rules.RuleIds);
        Assert.Empty(rules.Evaluate(New(), Added("x"), MondayMorning).MatchedRuleIds);
    }
}
