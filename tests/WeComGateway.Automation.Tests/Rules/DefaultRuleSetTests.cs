using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

public sealed class DefaultRuleSetTests
{
    private static readonly RuleSet Rules = RuleSet.Default;

    [Fact]
    public void The_shipped_rule_set_parses_with_the_five_stages()
    {
        Assert.Equal(["新客户", "初步沟通", "意向客户", "成交", "无意向"], Rules.Stages);
        Assert.Equal(("客户阶段", "无意向"), (Rules.LifecycleTagGroup, Rules.LostStage));
        Assert.Equal("Asia/Shanghai", Rules.TimeZone.Id);
        Assert.Equal(64, Rules.ContentHash.Length);
    }

    [Fact]
    public void The_content_hash_is_the_SHA256_of_the_file_and_tells_versions_apart()
    {
        var edited = FruitShop.Json.Replace("水果铺 rules", "水果铺 rules v2", StringComparison.Ordinal);

        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(FruitShop.Json))),
            FruitShop.Rules.ContentHash);
        Assert.NotEqual(FruitShop.Rules.ContentHash, RuleSet.Parse(edited).ContentHash);
    }

    [Fact]
    public void A_new_customer_is_tagged_with_the_channel_they_came_from()
    {
        var decision = Rules.Evaluate(Apply(Added("poster-spring")), Added("poster-spring"), MondayMorning);

        Assert.Contains(new TagRef("渠道", "poster-spring"), decision.AddTags);
    }

    [Fact]
    public void A_customer_with_no_stage_is_put_in_新客户()
    {
        var added = HalfAdded(state: null);

        var decision = Rules.Evaluate(Apply(added), added, MondayMorning);

        Assert.Equal(new StageChange(null, "新客户", "first-stage"), decision.StageChange);
        Assert.Equal([new TagRef("客户阶段", "新客户")], decision.AddTags);
    }

    [Fact]
    public void A_customer_already_further_along_keeps_their_stage_when_adding_another_employee()
    {
        var facts = New() with { Stage = "成交", Tags = [new TagRef("客户阶段", "成交")] };

        var decision = Rules.Evaluate(facts, Added(null, "lisi"), MondayMorning);

        Assert.Null(decision.StageChange);
    }

    [Fact]
    public void A_new_customer_is_welcomed_by_the_friendly_default()
    {
        var choice = Rules.ChooseWelcome(New(), Added("poster-spring"), MondayMorning);
        var rendered = WelcomeRenderer.Render(Rules.FindWelcomeTemplate(choice!.TemplateId)!, new Dictionary<string, string?>
        {
            [WelcomePlaceholders.CustomerName] = "王女士",
        });

        Assert.Equal(new WelcomeChoice("default", null), choice);
        Assert.StartsWith("您好王女士，我是您的专属顾问", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_who_deletes_their_only_employee_goes_to_无意向()
    {
        var facts = Apply(Added("poster-spring"));
        facts = Rules.Evaluate(facts, Added("poster-spring"), MondayMorning).Next;
        var deleted = DeletedByCustomer();

        var decision = Rules.Evaluate(CustomerFactsUpdater.Apply(facts, deleted)!, deleted, MondayMorning);

        Assert.True(decision.CustomerLost);
        Assert.Equal("无意向", decision.Next.Stage);
    }

    private static CustomerFacts Apply(AutomationEvent e) => CustomerFactsUpdater.Apply(New(), e)!;
}
