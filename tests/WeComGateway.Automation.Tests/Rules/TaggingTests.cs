using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class TaggingTests
{
    private readonly Journey _customer = new(FruitShop.Rules, MondayMorning);

    [Fact]
    public void Channel_tag_comes_from_State()
    {
        var decision = _customer.Happens(at => Added("poster-spring", at: at));

        Assert.Contains(new TagRef("渠道", "poster-spring"), decision.AddTags);
        Assert.Contains("channel-tag", decision.MatchedRuleIds);
        Assert.Contains(new TagRef("渠道", "poster-spring"), decision.Next.Tags);
    }

    [Fact]
    public void Customer_who_came_without_a_State_gets_no_channel_tag_and_no_tag_named_empty()
    {
        var decision = _customer.Happens(at => Added(state: null, at: at));

        Assert.DoesNotContain(decision.AddTags, t => t.Group == "渠道");
        Assert.DoesNotContain("channel-tag", decision.MatchedRuleIds);
    }

    [Fact]
    public void Customer_who_bought_fruit_is_tagged_爱水果()
    {
        _customer.Happens(at => Added("poster-spring", at: at));

        var decision = _customer.Happens(at => Purchase("A-1001", 58m, at, "水果"));

        Assert.Equal([new TagRef("兴趣", "爱水果")], decision.AddTags.Where(t => t.Group == "兴趣"));
        Assert.Contains(new TagRef("兴趣", "爱水果"), _customer.Facts.Tags);
    }

    [Fact]
    public void Customer_who_bought_only_nuts_is_not_tagged_爱水果()
    {
        var decision = _customer.Happens(at => Purchase("A-1001", 58m, at, "坚果"));

        Assert.DoesNotContain(new TagRef("兴趣", "爱水果"), decision.AddTags);
    }

    [Fact]
    public void A_tag_already_on_the_customer_is_not_added_again()
    {
        _customer.Happens(at => Purchase("A-1", 58m, at, "水果"));

        var decision = _customer.Happens(at => Purchase("A-2", 30m, at, "水果"));

        Assert.DoesNotContain(new TagRef("兴趣", "爱水果"), decision.AddTags);
        Assert.Single(_customer.Facts.Tags, new TagRef("兴趣", "爱水果"));
    }

    [Fact]
    public void Member_who_lapses_becomes_lapsed_member()
    {
        _customer.Happens(at => Membership("active", at, "gold"));
        Assert.Contains(new TagRef("身份", "会员"), _customer.Facts.Tags);

        _customer.Advance(TimeSpan.FromDays(365));
        var decision = _customer.Happens(at => Membership("lapsed", at));

        Assert.Equal([new TagRef("身份", "流失会员")], decision.AddTags);
        Assert.Equal([new TagRef("身份", "会员")], decision.RemoveTags);
        Assert.Contains("lapsed-member", decision.MatchedRuleIds);
        Assert.DoesNotContain(new TagRef("身份", "会员"), _customer.Facts.Tags);
    }

    [Fact]
    public void A_tag_an_employee_set_by_hand_is_never_removed()
    {
        // 会员 was set by an employee in WeCom: the gateway's facts do not hold it, so nothing asks WeCom to remove it.
        var decision = _customer.Happens(at => Membership("lapsed", at));

        Assert.Equal([new TagRef("身份", "流失会员")], decision.AddTags);
        Assert.Empty(decision.RemoveTags);
    }

    [Fact]
    public void A_later_rule_wins_when_one_adds_and_another_removes_the_same_tag()
    {
        var rules = RuleSet.Parse(Rules("""
            { "id": "add-vip", "when": { "totalSpent": { "gte": 1000 } }, "then": { "addTags": [ { "group": "价值", "name": "VIP" } ] } },
            { "id": "not-if-lost", "when": { "stage": "无意向" }, "then": { "removeTags": [ { "group": "价值", "name": "VIP" } ] } },
            { "id": "vip-again-if-member", "when": { "membership": "active" }, "then": { "addTags": [ { "group": "价值", "name": "VIP" } ] } }
            """));
        var vip = new TagRef("价值", "VIP");
        var facts = New() with { TotalSpent = 2000m, Stage = "无意向", Tags = [vip, new TagRef("客户阶段", "无意向")] };

        var lost = rules.Evaluate(facts, Scheduled(MondayMorning), MondayMorning);
        var member = rules.Evaluate(facts with { Membership = "active" }, Scheduled(MondayMorning), MondayMorning);

        Assert.Equal([vip], lost.RemoveTags);
        Assert.False(member.ChangesWeComTags);
    }

    [Fact]
    public void The_employee_placeholder_tags_whom_the_customer_added()
    {
        var rules = RuleSet.Parse(Rules("""
            { "id": "owner", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "负责人", "name": "跟进-{employee}" } ] } }
            """));

        var decision = rules.Evaluate(New(), Added(employee: "zhangsan"), MondayMorning);

        Assert.Equal([new TagRef("负责人", "跟进-zhangsan")], decision.AddTags);
    }

    [Fact]
    public void A_tag_placeholder_without_a_value_falls_back_to_its_default()
    {
        var rules = RuleSet.Parse(Rules("""
            { "id": "source", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "渠道", "name": "{state|自然流量}" }, { "group": "渠道", "name": "{{{state}}}" } ] } }
            """));

        var organic = rules.Evaluate(New(), Added(state: null), MondayMorning);
        var poster = rules.Evaluate(New(), Added("poster-a"), MondayMorning);

        Assert.Equal([new TagRef("渠道", "自然流量")], organic.AddTags);
        Assert.Equal([new TagRef("渠道", "poster-a"), new TagRef("渠道", "{poster-a}")], poster.AddTags);
    }

    [Fact]
    public void A_State_longer_than_WeComs_30_characters_is_cut_to_fit()
    {
        var decision = FruitShop.Rules.Evaluate(New(), Added(new string('x', 40)), MondayMorning);

        Assert.Contains(new TagRef("渠道", new string('x', 30)), decision.AddTags);
    }

    [Fact]
    public void Rules_for_purchases_do_not_run_when_a_customer_is_added()
    {
        var facts = New() with { PurchasedCategories = ["水果"] };

        var decision = FruitShop.Rules.Evaluate(facts, Added("shop-door"), MondayMorning);

        Assert.DoesNotContain("fruit-lover", decision.MatchedRuleIds);
        Assert.Equal(["channel-tag", "first-stage"], decision.MatchedRuleIds);
    }

    [Fact]
    public void Nothing_matching_changes_nothing_and_keeps_the_same_facts()
    {
        var facts = New() with { Stage = "成交", Tags = [new TagRef("客户阶段", "成交")] };

        var decision = FruitShop.Rules.Evaluate(facts, Event(AutomationEventKind.ContactEdited), MondayMorning);

        Assert.False(decision.ChangesAnything);
        Assert.Same(facts, decision.Next);
        Assert.Empty(decision.MatchedRuleIds);
    }

    internal static string Rules(string rules) => $$"""
        { "name": "test", "rules": [ {{rules}} ] }
        """;
    [Fact]
    public void Tags_set_by_hand_are_never_removed_not_even_in_the_lifecycle_group()
    {
        TagRef member = new("身份", "会员"), handStage = new("客户阶段", "意向客户");
        var facts = CustomerFactsUpdater.Apply(New(), Added("poster-spring", at: MondayMorning))! with { ManualTags = [member, handStage] };

        var decision = FruitShop.Rules.Evaluate(facts, Membership("lapsed", MondayMorning), MondayMorning);

        Assert.DoesNotContain(member, decision.RemoveTags);
        Assert.DoesNotContain(handStage, decision.RemoveTags);
        Assert.Equal([member, handStage], decision.Next.ManualTags);
    }

    [Fact]
    public void A_hand_set_tag_a_rule_adds_becomes_the_gateways()
    {
        TagRef fruit = new("兴趣", "爱水果");
        var facts = New() with { ManualTags = [fruit] };
        var purchase = Purchase("A-1001", 58m, MondayMorning, "水果");

        var decision = FruitShop.Rules.Evaluate(CustomerFactsUpdater.Apply(facts, purchase)!, purchase, MondayMorning);

        Assert.Contains(fruit, decision.AddTags); // mark_tag is set-based: applying it again changes nothing in WeCom
        Assert.Contains(fruit, decision.Next.Tags);
        Assert.Empty(decision.Next.ManualTags);
    }
}
