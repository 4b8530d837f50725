namespace WeComGateway.Automation.Tests;

/// <summary>WeCom's limits on a customer moment, checked before anything is stored, and when its task is read again.</summary>
public sealed class MomentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(8));

    private static MomentDraft Draft(string? text = "春季新品上市", IReadOnlyList<MomentDraftAttachment>? attachments = null, IReadOnlyList<string>? tags = null, IReadOnlyList<string>? employees = null) =>
        new(text, attachments ?? [], tags ?? ["客户等级/VIP"], employees ?? []);

    private static MomentDraftAttachment Image(int n) => new("image", $"MEDIA_{n}");

    [Fact]
    public void Text_for_one_tag_is_a_valid_moment() => Assert.Empty(MomentRules.Validate(Draft()));

    [Fact]
    public void Text_of_2000_characters_passes_and_2001_is_refused_as_WeCom_would()
    {
        Assert.Empty(MomentRules.Validate(Draft(new string('春', 2000))));
        Assert.Contains("invalid text size", Assert.Single(MomentRules.Validate(Draft(new string('春', 2001)))["text"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Nine_images_pass_and_a_tenth_is_refused()
    {
        Assert.Empty(MomentRules.Validate(Draft(attachments: [.. Enumerable.Range(1, 9).Select(Image)])));
        Assert.Contains("at most 9 images", MomentRules.Validate(Draft(attachments: [.. Enumerable.Range(1, 10).Select(Image)]))["attachments"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Images_with_a_link_are_refused_because_WeCom_takes_one_kind()
    {
        var errors = MomentRules.Validate(Draft(attachments: [Image(1), new("link", "COVER", "春季", "https://example.com/spring")]));

        Assert.Contains("one kind only", errors["attachments"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_needs_its_cover_and_an_http_url_and_two_videos_are_too_many()
    {
        Assert.Contains(MomentRules.Validate(Draft(attachments: [new("link", null, "春季", "https://example.com")]))["attachments"], e => e.Contains("cover", StringComparison.Ordinal));
        Assert.Contains(MomentRules.Validate(Draft(attachments: [new("link", "COVER", "春季", "ftp://example.com")]))["attachments"], e => e.Contains("http(s) url", StringComparison.Ordinal));
        Assert.Contains(MomentRules.Validate(Draft(attachments: [new("link", "COVER", new string('春', 22), "https://example.com")]))["attachments"], e => e.Contains("64 bytes", StringComparison.Ordinal));
        Assert.Contains("at most 1 video", MomentRules.Validate(Draft(attachments: [new("video", "V1"), new("video", "V2")]))["attachments"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_moment_and_one_without_audience_are_refused()
    {
        Assert.True(MomentRules.Validate(Draft(text: null)).ContainsKey("text"));
        Assert.True(MomentRules.Validate(Draft(tags: [], employees: [])).ContainsKey("tags"));
        Assert.Empty(MomentRules.Validate(Draft(tags: [], employees: ["zhangsan"])));
    }

    [Fact]
    public void Tags_are_group_slash_name_and_employees_are_userids()
    {
        Assert.Equal(new TagRef("客户等级", "VIP"), MomentRules.ParseTag("客户等级/VIP"));
        Assert.Equal(new TagRef("渠道", "抖音/春季"), MomentRules.ParseTag("渠道/抖音/春季")); // split at the first slash
        Assert.Null(MomentRules.ParseTag("VIP"));
        Assert.Null(MomentRules.ParseTag("/VIP"));
        Assert.True(MomentRules.Validate(Draft(tags: ["VIP"])).ContainsKey("tags"));
        Assert.True(MomentRules.Validate(Draft(employees: ["张三"])).ContainsKey("employees"));
    }

    [Fact]
    public void The_task_is_read_again_after_a_doubling_wait_but_never_past_the_job_ids_24_hours()
    {
        var first = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromMinutes(5);

        Assert.Equal(Now.AddSeconds(2), MomentRules.NextPoll(Now, Now, 0, first, max));
        Assert.Equal(Now.AddSeconds(8), MomentRules.NextPoll(Now, Now, 2, first, max));
        Assert.Equal(Now.AddMinutes(5), MomentRules.NextPoll(Now, Now, 20, first, max));
        var jobIdAt = Now.AddHours(-24).AddMinutes(1);
        Assert.Equal(jobIdAt.AddHours(24), MomentRules.NextPoll(Now, jobIdAt, 20, first, max));
        Assert.False(MomentRules.JobIdExpired(jobIdAt, Now));
        Assert.True(MomentRules.JobIdExpired(jobIdAt, Now.AddMinutes(1)));
    }
}
