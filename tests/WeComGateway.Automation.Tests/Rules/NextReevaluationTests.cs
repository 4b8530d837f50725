using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class NextReevaluationTests
{
    /// <summary>Last purchase: Monday 2 March 2026, 10:00 in Shanghai.</summary>
    private static readonly CustomerFacts AtRiskCandidate = New() with
    {
        PurchaseCount = 3,
        TotalSpent = 600m,
        LastPurchaseAt = MondayMorning,
    };

    [Fact]
    public void Forty_five_days_after_the_last_purchase_the_at_risk_rule_next_flips_at_the_start_of_day_61()
    {
        var next = FruitShop.Rules.NextReevaluation(AtRiskCandidate, MondayMorning.AddDays(45));

        // Day 61 after 2 March is 2 May; its first instant in Shanghai is 1 May 16:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 0, 0, 0, Shanghai), next);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 16, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Ten_days_after_the_last_purchase_the_next_flip_is_day_30()
    {
        var next = FruitShop.Rules.NextReevaluation(AtRiskCandidate, MondayMorning.AddDays(10));

        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, Shanghai), next);
    }

    [Fact]
    public void A_purchase_late_in_the_evening_counts_its_own_local_day()
    {
        // 23:30 in Shanghai on 2 March is 15:30 UTC: day 0 is 2 March either way, so day 30 starts on 1 April.
        var facts = AtRiskCandidate with { LastPurchaseAt = new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero) };

        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, Shanghai), FruitShop.Rules.NextReevaluation(facts, MondayMorning.AddDays(1)));
    }

    [Fact]
    public void Past_every_threshold_nothing_will_flip()
    {
        Assert.Null(FruitShop.Rules.NextReevaluation(AtRiskCandidate, MondayMorning.AddDays(61)));
    }

    [Fact]
    public void A_customer_who_never_bought_has_nothing_to_re_evaluate()
    {
        Assert.Null(FruitShop.Rules.NextReevaluation(New(), MondayMorning));
    }

    [Fact]
    public void Rules_without_day_counts_need_no_re_evaluation()
    {
        Assert.False(RuleSet.Default.DependsOnTime);
        Assert.True(FruitShop.Rules.DependsOnTime);
        Assert.Null(RuleSet.Default.NextReevaluation(AtRiskCandidate, MondayMorning));
    }

    [Fact]
    public void A_day_count_in_a_rule_that_only_runs_on_an_event_does_not_schedule_a_re_evaluation()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "loyal-buyer", "when": { "event": "purchase_recorded", "daysSinceAdded": { "gte": 365 } }, "then": { "addTags": [ { "group": "价值", "name": "老客" } ] } }
            """));

        Assert.True(rules.DependsOnTime);
        Assert.Null(rules.NextReevaluation(AtRiskCandidate with { AddedAt = MondayMorning }, MondayMorning.AddDays(1)));
    }

    [Fact]
    public void The_earliest_of_several_thresholds_wins()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "welcome-week", "when": { "daysSinceAdded": { "lt": 7 } }, "then": { "enterSegment": "first-week" } },
            { "id": "member-anniversary", "when": { "daysSinceMembershipChange": { "eq": 365 } }, "then": { "enterSegment": "anniversary" } }
            """));
        var facts = New() with { AddedAt = MondayMorning, MembershipChangedAt = MondayMorning.AddDays(-360) };

        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, Shanghai), rules.NextReevaluation(facts, MondayMorning));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 0, 0, 0, Shanghai), rules.NextReevaluation(facts, MondayMorning.AddDays(6)));
    }
}
