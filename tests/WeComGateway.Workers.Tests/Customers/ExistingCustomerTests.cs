using WeComGateway.Automation;
using WeComGateway.Workers.Backfill;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>How one entry of WeCom's customer list is merged into what the gateway knows (pure: no rules run).</summary>
public sealed class ExistingCustomerTests
{
    private static readonly RuleSet Rules = RuleSet.Default;
    private static readonly DateTimeOffset Added = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TagRef Fruit = new("兴趣", "爱水果");

    [Fact]
    public void A_new_customer_gets_the_members_tags_as_hand_set_ones_add_time_name_and_channel_but_no_stage()
    {
        var entry = new ExistingCustomer("wm1", "李雷", "zhangsan", Added, "poster-42", [Fruit]);

        var facts = entry.MergeInto(CustomerFacts.New("wwcorp", "wm1"), Rules);

        Assert.NotNull(facts);
        Assert.Equal(["zhangsan"], facts.FollowUsers);
        Assert.Equal([Fruit], facts.ManualTags); // seen by rules, never removed by the gateway
        Assert.Empty(facts.Tags);
        Assert.Equal((Added, "李雷", "poster-42", (string?)null), (facts.AddedAt, facts.Name, facts.Channel, facts.Stage));
    }

    [Fact]
    public void An_entry_that_says_nothing_new_writes_nothing()
    {
        var entry = new ExistingCustomer("wm1", "李雷", "zhangsan", Added, null, [Fruit]);
        var known = entry.MergeInto(CustomerFacts.New("wwcorp", "wm1"), Rules)!;

        Assert.Null(entry.MergeInto(known, Rules));
        Assert.Null((entry with { AddedAt = Added.AddDays(3) }).MergeInto(known, Rules)); // the earliest add time stays
    }

    [Fact]
    public void A_stage_tag_set_by_hand_before_the_install_becomes_the_stage_and_other_lifecycle_tags_are_not_taken_over()
    {
        var stageTag = Rules.StageTag("意向客户");
        var entry = new ExistingCustomer("wm1", null, "zhangsan", Added, null, [stageTag, new TagRef(Rules.LifecycleTagGroup, "不存在的阶段"), Rules.StageTag("成交"), Fruit]);

        var facts = entry.MergeInto(CustomerFacts.New("wwcorp", "wm1"), Rules);

        Assert.Equal("意向客户", facts!.Stage);
        Assert.Equal([stageTag], facts.Tags); // the stage tag is the gateway's from now on
        Assert.Equal([Fruit], facts.ManualTags);
    }

    [Fact]
    public void A_customer_with_a_stage_keeps_it_and_no_other_stage_tag_is_added()
    {
        var known = CustomerFacts.New("wwcorp", "wm1") with { Stage = "成交", Tags = [Rules.StageTag("成交")], FollowUsers = ["lisi"], AddedAt = Added };
        var entry = new ExistingCustomer("wm1", null, "zhangsan", Added.AddDays(-30), null, [Rules.StageTag("新客户")]);

        var facts = entry.MergeInto(known, Rules);

        Assert.Equal(("成交", Added.AddDays(-30)), (facts!.Stage, facts.AddedAt));
        Assert.Equal([Rules.StageTag("成交")], facts.Tags);
        Assert.Equal(["lisi", "zhangsan"], facts.FollowUsers);
    }
}
