using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

/// <summary>Rules that name a channel (渠道活码) by name, and the tags and welcome a channel brings to the adds through it.</summary>
public sealed class ChannelRuleTests
{
    private static readonly ChannelDirectory Channels = new(
    [
        new ChannelInfo("dy-spring-01", "抖音-春季", [new TagRef("渠道", "抖音"), new TagRef("客户阶段", "成交")], "poster"),
        new ChannelInfo("parcel", "包裹卡", [], "no-such-template"),
    ]);

    private static readonly RuleSet Rules = RuleSet.Parse("""
        {
          "name": "channels",
          "welcomeTemplates": [ { "id": "default", "text": "您好" }, { "id": "poster", "text": "感谢扫码" }, { "id": "vip", "text": "VIP" } ],
          "defaultWelcome": "default",
          "rules": [
            { "id": "spring", "when": { "event": "contact_added", "state": "抖音-春季" }, "then": { "addTags": [ { "group": "活动", "name": "春季" } ] } },
            { "id": "from-spring", "when": { "event": "purchase_recorded", "channel": "抖音-春季" }, "then": { "addTags": [ { "group": "成交渠道", "name": "抖音春季" } ] } },
            { "id": "vip-welcome", "when": { "event": "contact_added", "employee": "boss" }, "then": { "welcome": "vip" } }
          ]
        }
        """);

    [Fact]
    public void A_rule_naming_a_channel_matches_adds_through_its_state()
    {
        var decision = Rules.Evaluate(New(), Added("dy-spring-01", at: MondayMorning), MondayMorning, Channels);

        Assert.Contains("spring", decision.MatchedRuleIds);
        Assert.Contains(new TagRef("活动", "春季"), decision.AddTags);
    }

    [Fact]
    public void Without_the_channel_directory_the_name_does_not_match_the_state()
    {
        var decision = Rules.Evaluate(New(), Added("dy-spring-01", at: MondayMorning), MondayMorning);

        Assert.DoesNotContain("spring", decision.MatchedRuleIds);
    }

    [Fact]
    public void The_customers_first_channel_matches_by_name_on_later_events()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added("dy-spring-01", at: MondayMorning))!;
        var purchase = Purchase("A-1", 10m, MondayMorning.AddDays(1), "水果");

        var decision = Rules.Evaluate(CustomerFactsUpdater.Apply(facts, purchase)!, purchase, MondayMorning.AddDays(1), Channels);

        Assert.Contains(new TagRef("成交渠道", "抖音春季"), decision.AddTags);
    }

    [Fact]
    public void An_add_through_a_channel_gets_its_tags_but_never_a_lifecycle_tag()
    {
        var decision = Rules.Evaluate(New(), Added("dy-spring-01", at: MondayMorning), MondayMorning, Channels);

        Assert.Contains("channel:抖音-春季", decision.MatchedRuleIds);
        Assert.Contains(new TagRef("渠道", "抖音"), decision.AddTags);
        Assert.DoesNotContain(new TagRef("客户阶段", "成交"), decision.AddTags);
    }

    [Fact]
    public void A_deletion_is_not_tagged_with_the_channel()
    {
        var decision = Rules.Evaluate(New(), DeletedByCustomer(at: MondayMorning), MondayMorning, Channels);

        Assert.DoesNotContain(decision.MatchedRuleIds, id => id.StartsWith("channel:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_channels_welcome_comes_after_welcome_rules_and_before_the_default()
    {
        var viaChannel = Rules.ChooseWelcome(New(), Added("dy-spring-01", at: MondayMorning), MondayMorning, Channels);
        var ruleFirst = Rules.ChooseWelcome(New(), Added("dy-spring-01", employee: "boss", at: MondayMorning), MondayMorning, Channels);
        var unknownTemplate = Rules.ChooseWelcome(New(), Added("parcel", at: MondayMorning), MondayMorning, Channels);

        Assert.Equal(new WelcomeChoice("poster", "channel:抖音-春季"), viaChannel);
        Assert.Equal(new WelcomeChoice("vip", "vip-welcome"), ruleFirst);
        Assert.Equal(new WelcomeChoice("default", null), unknownTemplate);
    }
}
