using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class LifecycleTests
{
    private static readonly TagRef 新客户 = new("客户阶段", "新客户");
    private static readonly TagRef 意向客户 = new("客户阶段", "意向客户");
    private static readonly TagRef 成交 = new("客户阶段", "成交");
    private static readonly TagRef 无意向 = new("客户阶段", "无意向");

    private readonly Journey _customer = new(FruitShop.Rules, MondayMorning);

    [Fact]
    public void A_customer_seen_for_the_first_time_starts_as_新客户_with_its_stage_tag()
    {
        var decision = _customer.Happens(at => Added("poster-spring", at: at));

        Assert.Equal(new StageChange(null, "新客户", "first-stage"), decision.StageChange);
        Assert.Contains(新客户, decision.AddTags);
        Assert.Equal("新客户", _customer.Facts.Stage);
    }

    [Fact]
    public void Joining_the_fruit_group_makes_a_新客户_an_意向客户_and_removes_the_新客户_tag_in_the_same_decision()
    {
        _customer.Happens(at => Added("poster-spring", at: at));

        var decision = _customer.Happens(at => JoinedGroup("wrChatFruit", at: at));

        Assert.Equal(new StageChange("新客户", "意向客户", "joined-group-interested"), decision.StageChange);
        Assert.Equal([意向客户], decision.AddTags);
        Assert.Equal([新客户], decision.RemoveTags);
        Assert.Equal([意向客户], _customer.Facts.Tags.Where(t => t.Group == "客户阶段"));
    }

    [Fact]
    public void The_first_purchase_closes_the_deal_from_any_earlier_stage()
    {
        _customer.Happens(at => Added("poster-spring", at: at));
        _customer.Happens(at => JoinedGroup("wrChatFruit", at: at));

        var decision = _customer.Happens(at => Purchase("A-1", 99m, at, "水果"));

        Assert.Equal(new StageChange("意向客户", "成交", "first-purchase-closes"), decision.StageChange);
        Assert.Contains(成交, decision.AddTags);
        Assert.Equal([意向客户], decision.RemoveTags);
    }

    [Fact]
    public void Moving_to_the_stage_the_customer_is_in_is_not_a_change()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "edited-means-talking", "when": { "event": "contact_edited" }, "then": { "moveToStage": "初步沟通" } }
            """));
        var facts = New() with { Stage = "初步沟通", Tags = [new TagRef("客户阶段", "初步沟通")] };

        var decision = rules.Evaluate(facts, Event(AutomationEventKind.ContactEdited), MondayMorning);

        Assert.Null(decision.StageChange);
        Assert.False(decision.ChangesAnything);
        Assert.Equal(["edited-means-talking"], decision.MatchedRuleIds);
    }

    [Fact]
    public void The_first_matching_moveToStage_wins()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "big-order", "when": { "event": "purchase_recorded", "totalSpent": { "gte": 1000 } }, "then": { "moveToStage": "成交" } },
            { "id": "any-order", "when": { "event": "purchase_recorded" }, "then": { "moveToStage": "意向客户" } }
            """));

        var big = rules.Evaluate(New() with { TotalSpent = 1200m }, Purchase("A-1", 1200m, MondayMorning), MondayMorning);
        var small = rules.Evaluate(New() with { TotalSpent = 20m }, Purchase("A-2", 20m, MondayMorning), MondayMorning);

        Assert.Equal("big-order", big.StageChange?.Reason);
        Assert.Equal("any-order", small.StageChange?.Reason);
    }

    [Fact]
    public void Customer_who_deletes_their_only_employee_is_lost_and_moves_to_无意向()
    {
        _customer.Happens(at => Added("poster-spring", "zhangsan", at));

        var decision = _customer.Happens(at => DeletedByCustomer("zhangsan", at));

        Assert.True(decision.CustomerLost);
        Assert.Equal(new StageChange("新客户", "无意向", "customer_lost"), decision.StageChange);
        Assert.Equal([无意向], decision.AddTags);
        Assert.Equal([新客户], decision.RemoveTags);
        Assert.True(_customer.Facts.Lost);
    }

    [Fact]
    public void Customer_who_still_follows_another_employee_is_not_lost()
    {
        _customer.Happens(at => Added("poster-spring", "zhangsan", at));
        _customer.Happens(at => Added(null, "lisi", at));

        var decision = _customer.Happens(at => DeletedByCustomer("zhangsan", at));

        Assert.False(decision.CustomerLost);
        Assert.Null(decision.StageChange);
        Assert.Equal("新客户", _customer.Facts.Stage);
    }

    [Fact]
    public void Being_lost_wins_over_a_rule_that_moves_elsewhere_on_the_same_event()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "deleted-means-talking", "when": { "event": "contact_deleted_by_customer" }, "then": { "moveToStage": "初步沟通" } }
            """));
        var facts = New() with { Lost = true, Stage = "成交", Tags = [成交] };

        var decision = rules.Evaluate(facts, DeletedByCustomer(), MondayMorning);

        Assert.Equal(new StageChange("成交", "无意向", "customer_lost"), decision.StageChange);
        Assert.True(decision.CustomerLost);
    }

    [Fact]
    public void A_stray_stage_tag_the_gateway_applied_is_removed_so_one_stage_tag_remains()
    {
        var facts = New() with { Stage = "成交", Tags = [成交, 新客户] };

        var decision = FruitShop.Rules.Evaluate(facts, Event(AutomationEventKind.ContactEdited), MondayMorning);

        Assert.Equal([新客户], decision.RemoveTags);
        Assert.Equal([成交], decision.Next.Tags);
    }

    [Fact]
    public void Custom_stages_and_tag_group_are_used()
    {
        var rules = RuleSet.Parse("""
            {
              "name": "课程",
              "lifecycle": { "stages": ["线索", "试听", "报名", "流失"], "tagGroup": "学员阶段", "lostStage": "流失" },
              "rules": [ { "id": "lead", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "线索" } } ]
            }
            """);

        var decision = rules.Evaluate(New(), Added(), MondayMorning);

        Assert.Equal(["线索", "试听", "报名", "流失"], rules.Stages);
        Assert.Equal("流失", rules.LostStage);
        Assert.Equal([new TagRef("学员阶段", "线索")], decision.AddTags);
    }
}
