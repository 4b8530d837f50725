using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class SegmentTests
{
    private static readonly TagRef 重要挽留 = new("价值", "重要挽留");

    private readonly Journey _customer = new(FruitShop.Rules, MondayMorning);

    [Fact]
    public void Three_purchases_last_45_days_ago_and_600_spent_enters_at_risk_segment()
    {
        BuyThreeTimesFor600();
        _customer.Advance(TimeSpan.FromDays(45));

        var decision = _customer.Happens(Scheduled);

        Assert.Equal([new SegmentEntry("at-risk", "at-risk")], decision.SegmentsEntered);
        Assert.Contains(重要挽留, decision.AddTags);
        Assert.Equal(["at-risk"], _customer.Facts.Segments);
    }

    [Fact]
    public void An_at_risk_customer_is_entered_once_however_often_the_schedule_runs()
    {
        BuyThreeTimesFor600();
        _customer.Advance(TimeSpan.FromDays(45));
        _customer.Happens(Scheduled);
        _customer.Advance(TimeSpan.FromDays(1));

        var decision = _customer.Happens(Scheduled);

        Assert.Empty(decision.SegmentsEntered);
        Assert.Contains("at-risk", decision.MatchedRuleIds);
        Assert.False(decision.ChangesAnything);
    }

    [Fact]
    public void Only_29_days_after_the_last_purchase_is_not_yet_at_risk()
    {
        BuyThreeTimesFor600();
        _customer.Advance(TimeSpan.FromDays(29));

        Assert.Empty(_customer.Happens(Scheduled).SegmentsEntered);
    }

    [Fact]
    public void Two_purchases_are_not_enough_to_be_at_risk()
    {
        _customer.Happens(at => Purchase("A-1", 300m, at, "水果"));
        _customer.Happens(at => Purchase("A-2", 300m, at, "水果"));
        _customer.Advance(TimeSpan.FromDays(45));

        Assert.Empty(_customer.Happens(Scheduled).SegmentsEntered);
    }

    [Fact]
    public void An_at_risk_customer_who_buys_again_leaves_the_segment()
    {
        BuyThreeTimesFor600();
        _customer.Advance(TimeSpan.FromDays(45));
        _customer.Happens(Scheduled);

        var decision = _customer.Happens(at => Purchase("A-4", 80m, at, "水果"));

        Assert.Equal(["at-risk"], decision.SegmentsLeft);
        Assert.Empty(_customer.Facts.Segments);
    }

    [Fact]
    public void An_at_risk_customer_leaves_the_segment_on_day_61()
    {
        BuyThreeTimesFor600();
        _customer.Advance(TimeSpan.FromDays(45));
        _customer.Happens(Scheduled);
        _customer.Advance(TimeSpan.FromDays(16));

        var decision = _customer.Happens(Scheduled);

        Assert.Equal(["at-risk"], decision.SegmentsLeft);
        Assert.Equal(["at-risk"], FruitShop.Rules.LevelTriggeredSegments);
    }

    [Fact]
    public void A_segment_entered_by_an_event_rule_is_never_left()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "joined-vip-group", "when": { "event": "group_member_joined", "groupChat": "wrVip" }, "then": { "enterSegment": "vip-group" } }
            """));
        var facts = New();

        var joined = rules.Evaluate(facts, JoinedGroup("wrVip"), MondayMorning);
        var later = rules.Evaluate(joined.Next, Scheduled(MondayMorning.AddDays(1)), MondayMorning.AddDays(1));

        Assert.Equal([new SegmentEntry("vip-group", "joined-vip-group")], joined.SegmentsEntered);
        Assert.Empty(later.SegmentsLeft);
        Assert.Equal(["vip-group"], later.Next.Segments);
    }

    [Fact]
    public void A_segment_one_event_rule_can_enter_is_kept_even_when_its_other_rule_stops_matching()
    {
        var rules = RuleSet.Parse(TaggingTests.Rules("""
            { "id": "big-spender", "when": { "totalSpent": { "gte": 1000 } }, "then": { "enterSegment": "vip" } },
            { "id": "vip-group", "when": { "event": "group_member_joined", "groupChat": "wrVip" }, "then": { "enterSegment": "vip" } }
            """));
        var facts = New() with { Segments = ["vip"], TotalSpent = 10m };

        var decision = rules.Evaluate(facts, Scheduled(MondayMorning), MondayMorning);

        Assert.Empty(decision.SegmentsLeft);
        Assert.Empty(rules.LevelTriggeredSegments);
    }

    private void BuyThreeTimesFor600()
    {
        _customer.Happens(at => Purchase("A-1", 200m, at, "水果"));
        _customer.Advance(TimeSpan.FromDays(3));
        _customer.Happens(at => Purchase("A-2", 150m, at, "坚果"));
        _customer.Advance(TimeSpan.FromDays(3));
        _customer.Happens(at => Purchase("A-3", 250m, at, "水果"));
    }
}
