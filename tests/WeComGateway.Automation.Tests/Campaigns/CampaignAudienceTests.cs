namespace WeComGateway.Automation.Tests;

/// <summary>Who a campaign (群发) goes to, judged on stored facts with the rule engine's conditions, and how it is cut into WeCom tasks.</summary>
public sealed class CampaignAudienceTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly TagRef 爱水果 = new("兴趣", "爱水果");
    private static readonly TagRef 爱蔬菜 = new("兴趣", "爱蔬菜");

    private static CustomerFacts Customer(string id, params string[] followers) => CustomerFacts.New("wwcorp", id) with
    {
        FollowUsers = followers.Length == 0 ? ["zhangsan"] : followers,
        AddedAt = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(8)),
    };

    [Fact]
    public void Customer_tagged_爱水果_by_the_rules_or_by_hand_is_in_a_爱水果_audience()
    {
        var filter = AudienceFilter.Compile(new CampaignAudience { Tags = new() { All = [爱水果] } }, Shanghai);

        Assert.True(filter.Matches(Customer("wm1") with { Tags = [爱水果] }, Now));
        Assert.True(filter.Matches(Customer("wm2") with { ManualTags = [爱水果] }, Now));
        Assert.False(filter.Matches(Customer("wm3") with { Tags = [爱蔬菜] }, Now));
    }

    [Fact]
    public void Tags_all_any_and_none_combine()
    {
        var filter = AudienceFilter.Compile(
            new CampaignAudience { Tags = new() { All = [爱水果], Any = [new("会员", "金卡"), new("会员", "银卡")], None = [爱蔬菜] } }, Shanghai);

        Assert.True(filter.Matches(Customer("wm1") with { Tags = [爱水果, new("会员", "银卡")] }, Now));
        Assert.False(filter.Matches(Customer("wm2") with { Tags = [爱水果] }, Now));
        Assert.False(filter.Matches(Customer("wm3") with { Tags = [爱水果, new("会员", "金卡"), 爱蔬菜] }, Now));
    }

    [Fact]
    public void Stage_segment_channel_by_name_and_employee_must_all_hold()
    {
        var channels = new ChannelDirectory([new ChannelInfo("dy-spring", "抖音-春季", [], null)]);
        var filter = AudienceFilter.Compile(
            new CampaignAudience { Stages = ["意向客户"], Segments = ["高价值"], Channels = ["抖音-春季"], Employees = ["lisi"] }, Shanghai);
        var fits = Customer("wm1", "zhangsan", "lisi") with { Stage = "意向客户", Segments = ["高价值"], Channel = "dy-spring" };

        Assert.True(filter.Matches(fits, Now, channels));
        Assert.False(filter.Matches(fits with { Stage = "成交" }, Now, channels));
        Assert.False(filter.Matches(fits with { Segments = [] }, Now, channels));
        Assert.False(filter.Matches(fits with { Channel = "parcel" }, Now, channels));
        Assert.False(filter.Matches(fits with { FollowUsers = ["zhangsan"] }, Now, channels));
        Assert.Equal("lisi", filter.SenderOf(fits)); // the audience's employee sends, not the first follower
    }

    [Fact]
    public void Add_dates_are_local_days_of_the_corp_both_inclusive()
    {
        // Added 2026-11-30 23:30 in Shanghai: 15:30 UTC, still 30 November locally.
        var filter = AudienceFilter.Compile(new CampaignAudience { AddedFrom = new DateOnly(2026, 11, 30), AddedTo = new DateOnly(2026, 11, 30) }, Shanghai);

        Assert.True(filter.Matches(Customer("wm1"), Now));
        Assert.False(filter.Matches(Customer("wm2") with { AddedAt = null }, Now));
        Assert.False(AudienceFilter.Compile(new CampaignAudience { AddedFrom = new DateOnly(2026, 12, 1) }, Shanghai).Matches(Customer("wm3"), Now));
    }

    [Fact]
    public void Lost_customers_and_customers_nobody_follows_are_never_in_an_audience()
    {
        var everyone = AudienceFilter.Compile(new CampaignAudience(), Shanghai);

        Assert.True(everyone.Matches(Customer("wm1"), Now));
        Assert.False(everyone.Matches(Customer("wm2") with { Lost = true }, Now));
        Assert.False(everyone.Matches(Customer("wm3") with { FollowUsers = [] }, Now));
    }

    [Fact]
    public void An_invalid_audience_is_refused_with_every_problem_named()
    {
        var audience = new CampaignAudience { Tags = new() { All = [new TagRef("", "x")] }, AddedFrom = new DateOnly(2026, 2, 1), AddedTo = new DateOnly(2026, 1, 1) };

        Assert.Equal(["tags.all has an empty value", "addedTo is before addedFrom"], audience.Problems());
        Assert.Throws<ArgumentException>(() => AudienceFilter.Compile(audience, Shanghai));
    }

    [Fact]
    public void Twenty_five_thousand_customers_of_one_employee_make_three_tasks_of_at_most_ten_thousand()
    {
        var recipients = Enumerable.Range(0, 25_000).Select(i => new CampaignRecipient($"wm{i:D6}", "zhangsan", "v1"))
            .Append(new CampaignRecipient("wmlisi", "lisi", "v1"));

        var tasks = CampaignPlanner.Tasks(recipients);

        Assert.Equal(["lisi|v1|0", "zhangsan|v1|0", "zhangsan|v1|1", "zhangsan|v1|2"], tasks.Select(t => t.Key));
        Assert.Equal([1, 10_000, 10_000, 5_000], tasks.Select(t => t.ExternalUserIds.Count));
        Assert.All(tasks, t => Assert.True(t.ExternalUserIds.Count <= CampaignPlanner.MaxCustomersPerTask));
    }

    [Fact]
    public void The_same_recipients_in_any_order_give_the_same_task_keys_and_customers()
    {
        var recipients = Enumerable.Range(0, 30).Select(i => new CampaignRecipient($"wm{i:D2}", i % 2 == 0 ? "zhangsan" : "lisi", i % 3 == 0 ? "a" : "b")).ToList();

        var first = CampaignPlanner.Tasks(recipients, maxPerTask: 4);
        var again = CampaignPlanner.Tasks(Enumerable.Reverse(recipients).Concat(recipients), maxPerTask: 4);

        Assert.Equal(first.Select(t => (t.Key, string.Join(',', t.ExternalUserIds))), again.Select(t => (t.Key, string.Join(',', t.ExternalUserIds))));
    }

    [Fact]
    public void Results_are_read_again_with_doubling_backoff_up_to_a_ceiling()
    {
        var delays = Enumerable.Range(0, 6).Select(n => CampaignPlanner.NextPoll(n, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)));

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Select(d => d.TotalMinutes));
    }

    [Fact]
    public void Content_with_unknown_placeholders_or_incomplete_attachments_is_refused()
    {
        var content = new CampaignContent
        {
            Text = "{nickname}，新到的水果",
            Attachments = [new WelcomeAttachmentSpec { Type = "link", Title = "今日特价" }, new WelcomeAttachmentSpec { Type = "video", MediaId = "m1" }],
        };

        var problems = content.Problems();

        Assert.Contains(problems, p => p.StartsWith("text:", StringComparison.Ordinal));
        Assert.Contains("attachments[0]: a link needs title and url", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("attachments[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Content_takes_media_by_path_or_url_but_exactly_one_source_per_attachment()
    {
        var content = new CampaignContent
        {
            Attachments =
            [
                new WelcomeAttachmentSpec { Type = "image", Path = "offers/today.png" },
                new WelcomeAttachmentSpec { Type = "file", Url = "https://cdn.example.com/menu.pdf" },
                new WelcomeAttachmentSpec { Type = "video", Path = "a.mp4", MediaId = "m1" },
                new WelcomeAttachmentSpec { Type = "miniprogram", Title = "会员", AppId = "wx1", Page = "p", PicUrl = "https://cdn.example.com/mp.png" },
                new WelcomeAttachmentSpec { Type = "image", Path = "../../etc/shadow" },
            ],
        };

        Assert.Equal(
            ["attachments[2]: a video needs exactly one of mediaId, path, url", "attachments[4]: '../../etc/shadow' is not a path relative to Media:Root (no leading '/', no drive, no '..')"],
            content.Problems());
    }

    [Fact]
    public void Each_customer_gets_the_text_with_their_placeholders_filled_and_its_variant_names_it()
    {
        var content = new CampaignContent { Text = "{customer_name|朋友}，{employee_name}为您留了新到的水果" };

        var rendered = content.Render(new Dictionary<string, string?> { ["customer_name"] = "李雷", ["employee_name"] = "张三" });

        Assert.Equal("李雷，张三为您留了新到的水果", rendered.Text);
        Assert.Equal(CampaignPlanner.VariantOf(rendered.Text), CampaignPlanner.VariantOf("李雷，张三为您留了新到的水果"));
        Assert.Equal("-", CampaignPlanner.VariantOf(null));
        Assert.Equal("202612", CampaignPlanner.MonthOf(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
    }
}
