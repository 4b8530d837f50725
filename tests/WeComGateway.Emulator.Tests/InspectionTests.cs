using System.Net.Http.Json;

namespace WeComGateway.Emulator.Tests;

public sealed class InspectionTests
{
    [Fact]
    public async Task State_json_shows_a_sent_welcome_and_the_call()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");
        await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", new { welcome_code = "WELCOME-1", text = new { content = "你好" } });

        var state = await app.GetJsonAsync("/emulator/state");

        var welcome = Assert.Single(state["welcomes"]!.AsArray())!;
        Assert.Equal("wwcorp1", (string)welcome["corpid"]!);
        Assert.Equal("WELCOME-1", (string)welcome["welcome_code"]!);
        Assert.Equal("你好", (string)welcome["text"]!);
        var call = state["calls"]!.AsArray().First(c => (string)c!["path"]! == "/cgi-bin/externalcontact/send_welcome_msg")!;
        Assert.Equal(0, (int)call["errcode"]!);
        Assert.Equal("wwcorp1", (string)call["corp_id"]!);
    }

    [Fact]
    public async Task The_page_encodes_a_script_tag_name_and_shows_no_secrets()
    {
        await using var app = await EmulatorApp.StartAsync();
        var (permanentCode, token) = await app.AuthorizeAsync("wwcorp1");
        await app.PostAsync($"/cgi-bin/externalcontact/add_corp_tag?access_token={token}", new { group_name = "偏好", tag = new[] { new { name = "<script>alert(1)</script>" } } });

        var page = await app.Client.GetStringAsync("/");
        var state = await app.Client.GetStringAsync("/emulator/state");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("corp token issued at", page, StringComparison.Ordinal);
        foreach (var secret in new[] { token, permanentCode, "s3cret", EmulatorApp.Ticket })
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fail_makes_the_next_calls_of_an_api_answer_the_errcode()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var setUp = await app.Client.PostAsJsonAsync("/emulator/fail", new { path = "/cgi-bin/externalcontact/send_welcome_msg", errcode = -1, times = 2 });
        var welcome = new { welcome_code = "WELCOME-1", text = new { content = "你好" } };

        var first = await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", welcome);
        var second = await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", welcome);
        var third = await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", welcome);

        Assert.True(setUp.IsSuccessStatusCode);
        Assert.Equal(-1, first.Errcode());
        Assert.Equal(-1, second.Errcode());
        Assert.Equal(0, third.Errcode());
    }

    [Fact]
    public async Task Fail_rejects_an_unknown_api()
    {
        await using var app = await EmulatorApp.StartAsync();

        var answer = await app.Client.PostAsJsonAsync("/emulator/fail", new { path = "/cgi-bin/nope", errcode = -1, times = 1 });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task Reset_forgets_corps_and_tokens()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();

        using var reset = await app.Client.PostAsync("/emulator/reset", null);
        var after = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        var state = await app.GetJsonAsync("/emulator/state");

        Assert.True(reset.IsSuccessStatusCode);
        Assert.Equal(40014, after.Errcode());
        Assert.Empty(state["corps"]!.AsArray());
    }
}
