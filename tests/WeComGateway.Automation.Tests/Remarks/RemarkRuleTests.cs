using static WeComGateway.Automation.Tests.Customers;

namespace WeComGateway.Automation.Tests;

/// <summary>Remark rules (外标签): what the remark should become, and when nothing is to be written.</summary>
public sealed class RemarkRuleTests
{
    private static readonly RuleSet Rules = RuleSet.Parse("""
        {
          "name": "remarks",
          "remarks": {
            "separator": "|",
            "levels": [
              { "symbol": "★VIP", "when": { "any": [ { "segment": "VIP" }, { "hasTag": { "group": "会员", "name": "VIP" } } ] } },
              { "symbol": "☀", "when": { "purchaseCount": { "gte": 1 } } }
            ]
          },
          "rules": [
            { "id": "vip", "when": { "event": "membership_changed", "membershipLevel": "VIP" }, "then": { "enterSegment": "VIP" } },
            { "id": "remark", "when": { "event": ["contact_added", "membership_changed", "purchase_recorded"] }, "then": { "setRemark": "{level} {name}", "setDescription": "{stage|新客} 来自{channel|自然流量}" } }
          ]
        }
        """);

    [Fact]
    public void Customer_who_enters_the_VIP_segment_gets_the_remark_星VIP_张三()
    {
        var facts = CustomerFactsUpdater.Apply(New(), Added(at: MondayMorning))!;
        var vip = Membership("active", MondayMorning.AddHours(1), level: "VIP");

        var decision = Rules.Evaluate(CustomerFactsUpdater.Apply(facts, vip)!, vip, MondayMorning.AddHours(1));

        Assert.NotNull(decision.Remark);
        Assert.Equal("★VIP 张三", decision.Remark.Render("张三").Remark);
        Assert.Equal(decision.Remark.Key, decision.Next.RemarkKey);
    }

    [Fact]
    public void Customer_without_a_level_gets_the_name_alone_and_the_description_with_defaults()
    {
        var added = Added(at: MondayMorning);

        var decision = Rules.Evaluate(CustomerFactsUpdater.Apply(New(), added)!, added, MondayMorning);

        var rendered = decision.Remark!.Render("张三");
        Assert.Equal("张三", rendered.Remark);
        Assert.Equal("新客 来自自然流量", rendered.Description);
    }

    [Fact]
    public void The_same_remark_decided_again_writes_nothing()
    {
        var added = Added(at: MondayMorning);
        var first = Rules.Evaluate(CustomerFactsUpdater.Apply(New(), added)!, added, MondayMorning);
        var again = Added(at: MondayMorning.AddMinutes(5), key: "another-add");

        var second = Rules.Evaluate(CustomerFactsUpdater.Apply(first.Next, again)!, again, MondayMorning.AddMinutes(5));

        Assert.Null(second.Remark);
    }

    [Fact]
    public void A_new_level_changes_the_remark_again()
    {
        var added = Added(at: MondayMorning);
        var first = Rules.Evaluate(CustomerFactsUpdater.Apply(New(), added)!, added, MondayMorning);
        var purchase = Purchase("A-1", 99m, MondayMorning.AddDays(1));

        var second = Rules.Evaluate(CustomerFactsUpdater.Apply(first.Next, purchase)!, purchase, MondayMorning.AddDays(1));

        Assert.Equal("☀ 张三", second.Remark!.Render("张三").Remark);
    }

    [Fact]
    public void A_customer_tagged_VIP_by_hand_is_VIP_too()
    {
        var facts = New() with { ManualTags = [new TagRef("会员", "VIP")] };
        var added = Added(at: MondayMorning);

        var decision = Rules.Evaluate(CustomerFactsUpdater.Apply(facts, added)!, added, MondayMorning);

        Assert.Equal("★VIP 李四", decision.Remark!.Render("李四").Remark);
    }

    [Theory]
    [InlineData(null, "★VIP 张三")]
    [InlineData("", "★VIP 张三")]
    [InlineData("张三", "★VIP 张三")]
    [InlineData("☀ 张三|老客户介绍", "★VIP 张三|老客户介绍")]
    [InlineData("随便写的|", "★VIP 张三")]
    public void The_gateways_part_is_replaced_and_the_employees_text_after_the_separator_kept(string? current, string expected) =>
        Assert.Equal(expected, RemarkEdit.Next(current, "★VIP 张三", "|", RemarkEdit.MaxRemarkLength));

    [Theory]
    [InlineData("★VIP 张三")]
    [InlineData("★VIP 张三|老客户介绍")]
    public void A_remark_that_already_says_it_is_not_written(string current) =>
        Assert.Null(RemarkEdit.Next(current, "★VIP 张三", "|", RemarkEdit.MaxRemarkLength));

    [Fact]
    public void An_empty_rendering_never_wipes_a_remark() =>
        Assert.Null(RemarkEdit.Next("老客户", "  ", "|", RemarkEdit.MaxRemarkLength));

    [Fact]
    public void The_employees_text_is_cut_to_WeComs_20_characters_and_the_gateways_part_kept_whole()
    {
        var next = RemarkEdit.Next("旧|一二三四五六七八九十一二三四五", "★VIP 张三", "|", RemarkEdit.MaxRemarkLength);

        Assert.Equal("★VIP 张三|一二三四五六七八九十一二", next);
        Assert.Equal(RemarkEdit.MaxRemarkLength, next!.Length);
    }

    [Fact]
    public void The_separator_inside_the_rendered_part_cannot_swallow_the_employees_text() =>
        Assert.Equal("A B|备注", RemarkEdit.Next("x|备注", "A|B", "|", RemarkEdit.MaxRemarkLength));

    [Fact]
    public void A_configured_separator_is_used()
    {
        var rules = RuleSet.Parse("""
            { "name": "r", "remarks": { "separator": " / " }, "rules": [ { "id": "r", "when": { "event": "contact_added" }, "then": { "setRemark": "{name}" } } ] }
            """);

        Assert.Equal(" / ", rules.RemarkSeparator);
        Assert.Equal("王五 / 同事介绍", RemarkEdit.Next("张三 / 同事介绍", "王五", rules.RemarkSeparator, RemarkEdit.MaxRemarkLength));
    }

    [Theory]
    [InlineData("""{ "setRemark": "{nickname}" }""", "unknown placeholder")]
    [InlineData("""{ "setRemark": "一二三四五六七八九十一二三四五六七八九十一 {name}" }""", "longer than 20")]
    public void A_wrong_remark_text_is_refused_with_its_path(string then, string message)
    {
        var error = Assert.Throws<RuleSetException>(() => RuleSet.Parse($$"""{ "name": "r", "rules": [ { "id": "r", "when": { "event": "contact_added" }, "then": {{then}} } ] }"""));

        Assert.Contains(error.Errors, e => e.Path.Contains("setRemark", StringComparison.Ordinal) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_level_without_a_condition_is_refused()
    {
        var error = Assert.Throws<RuleSetException>(() => RuleSet.Parse("""{ "name": "r", "remarks": { "levels": [ { "symbol": "★" } ] }, "rules": [] }"""));

        Assert.Contains(error.Errors, e => e.Path == "remarks.levels[0].when");
    }

    [Fact]
    public void The_README_demo_turns_the_remark_张三_into_星VIP_张三()
    {
        var rules = RuleSet.Parse("""
            { "name": "vip-remarks",
              "remarks": { "separator": "|", "levels": [ { "symbol": "★VIP", "when": { "any": [
                  { "segment": "VIP" }, { "hasTag": { "group": "会员", "name": "VIP" } }, { "channel": "vip-card" } ] } } ] },
              "rules": [ { "id": "vip-remark", "when": { "event": ["contact_added", "membership_changed"] }, "then": { "setRemark": "{level} {name}" } } ] }
            """);
        var added = Added("vip-card", at: MondayMorning);

        var decision = rules.Evaluate(CustomerFactsUpdater.Apply(New(), added)!, added, MondayMorning);

        Assert.Equal("★VIP 张三", RemarkEdit.Next("张三", decision.Remark!.Render("张三").Remark, rules.RemarkSeparator, RemarkEdit.MaxRemarkLength));
    }
}
