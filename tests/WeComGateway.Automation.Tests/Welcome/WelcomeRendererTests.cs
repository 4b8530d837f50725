namespace WeComGateway.Automation.Tests;

public sealed class WelcomeRendererTests
{
    private static readonly WelcomeTemplate Greeting = new()
    {
        Id = "default",
        Text = "您好{customer_name|}，我是{employee_name|您的专属顾问}，很高兴为您服务！",
    };

    [Fact]
    public void Names_are_filled_in()
    {
        var rendered = WelcomeRenderer.Render(Greeting, Values(("customer_name", "王女士"), ("employee_name", "小李")));

        Assert.Equal("您好王女士，我是小李，很高兴为您服务！", rendered.Text);
    }

    [Fact]
    public void A_missing_or_empty_value_uses_the_default_after_the_pipe_or_nothing()
    {
        var rendered = WelcomeRenderer.Render(Greeting, Values(("customer_name", null), ("employee_name", "")));

        Assert.Equal("您好，我是您的专属顾问，很高兴为您服务！", rendered.Text);
    }

    [Fact]
    public void A_placeholder_without_a_default_and_without_a_value_renders_as_nothing()
    {
        var template = Greeting with { Text = "欢迎来自{channel}的朋友" };

        Assert.Equal("欢迎来自的朋友", WelcomeRenderer.Render(template, Values()).Text);
    }

    [Fact]
    public void Doubled_braces_are_literal_braces()
    {
        var template = Greeting with { Text = "回复 {{优惠}} 领取，{customer_name|朋友}}}" };

        Assert.Equal("回复 {优惠} 领取，朋友}", WelcomeRenderer.Render(template, Values()).Text);
    }

    [Fact]
    public void Link_titles_and_descriptions_are_filled_and_other_attachments_kept()
    {
        var image = new WelcomeAttachmentSpec { Type = "image", MediaId = "MEDIA_1" };
        var template = new WelcomeTemplate
        {
            Id = "gift",
            Attachments =
            [
                image,
                new WelcomeAttachmentSpec { Type = "link", Title = "{customer_name|新朋友}的礼包", Url = "https://example.com/gift", Description = "{employee_name}为您准备" },
            ],
        };

        var rendered = WelcomeRenderer.Render(template, Values(("employee_name", "小李")));

        Assert.Null(rendered.Text);
        Assert.Same(image, rendered.Attachments[0]);
        Assert.Equal(("新朋友的礼包", "小李为您准备"), (rendered.Attachments[1].Title, rendered.Attachments[1].Description));
        Assert.Equal("https://example.com/gift", rendered.Attachments[1].Url);
    }

    [Fact]
    public void Text_is_cut_to_WeComs_4000_bytes_between_whole_characters()
    {
        // 1,332 × 王 is 3,996 bytes; the skin-toned thumb (8 bytes) would fit only half of it: it goes whole.
        var template = Greeting with { Text = "{customer_name}" };
        var name = string.Concat(Enumerable.Repeat("王", 1332)) + "👍🏽" + "尾";

        var text = WelcomeRenderer.Render(template, Values(("customer_name", name))).Text!;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) <= WelcomeRenderer.MaxTextBytes);
        Assert.Equal(string.Concat(Enumerable.Repeat("王", 1332)), text);
    }

    [Fact]
    public void In_a_hand_built_template_an_unknown_placeholder_is_kept_as_written()
    {
        var template = Greeting with { Text = "您好{nickname}，{customer_name|朋友}" };

        Assert.Equal("您好{nickname}，朋友", WelcomeRenderer.Render(template, Values()).Text);
    }

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);
}
