namespace WeComGateway.Emulator.Tests;

public sealed class TokenTests
{
    [Fact]
    public async Task Suite_token_needs_a_suite_ticket()
    {
        await using var app = await EmulatorApp.StartAsync();

        var without = await app.PostAsync("/cgi-bin/service/get_suite_token", new { suite_id = "ww-suite", suite_secret = "s3cret", suite_ticket = "" });
        var with = await app.PostAsync("/cgi-bin/service/get_suite_token", new { suite_id = "ww-suite", suite_secret = "s3cret", suite_ticket = EmulatorApp.Ticket });

        Assert.Equal(40085, without.Errcode());
        Assert.False(string.IsNullOrEmpty((string?)with["suite_access_token"]));
        Assert.Equal(7200, (int)with["expires_in"]!);
        Assert.False(with.ContainsKey("errcode"), "WeCom omits errcode on success for the token APIs");
    }

    [Fact]
    public async Task Corp_token_works_for_a_permanent_code_the_emulator_issued()
    {
        await using var app = await EmulatorApp.StartAsync();
        var suiteToken = await app.SuiteTokenAsync();

        var permanent = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "AUTH-wwfruitshop" });
        var code = (string)permanent["permanent_code"]!;
        var token = await app.PostAsync($"/cgi-bin/service/get_corp_token?suite_access_token={suiteToken}", new { auth_corpid = "wwfruitshop", permanent_code = code });
        var forged = await app.PostAsync($"/cgi-bin/service/get_corp_token?suite_access_token={suiteToken}", new { auth_corpid = "wwfruitshop", permanent_code = "made-up" });
        var info = await app.PostAsync($"/cgi-bin/service/get_auth_info?suite_access_token={suiteToken}", new { auth_corpid = "wwfruitshop", permanent_code = code });

        Assert.Equal("wwfruitshop", (string)permanent["auth_corp_info"]!["corpid"]!);
        Assert.NotEmpty(permanent["auth_info"]!["agent"]!.AsArray());
        Assert.False(string.IsNullOrEmpty((string?)token["access_token"]));
        Assert.Equal(40084, forged.Errcode());
        Assert.Equal(0, info.Errcode());
        Assert.Equal("wwfruitshop", (string)info["auth_corp_info"]!["corpid"]!);
    }

    [Fact]
    public async Task An_auth_code_is_used_once()
    {
        await using var app = await EmulatorApp.StartAsync();
        var suiteToken = await app.SuiteTokenAsync();

        var first = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "install-once" });
        var again = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "install-once" });

        Assert.False(first.ContainsKey("errcode"));
        Assert.Equal("ww0000emulator0001", (string)first["auth_corp_info"]!["corpid"]!);
        Assert.Equal(40078, again.Errcode());
    }

    [Fact]
    public async Task Expired_corp_token_answers_42001_and_a_fresh_one_works()
    {
        await using var app = await EmulatorApp.StartAsync(TimeSpan.FromSeconds(10));
        var (code, token) = await app.AuthorizeAsync("wwcorp1");

        app.Time.Advance(TimeSpan.FromSeconds(11));
        var expired = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        var suiteToken = await app.SuiteTokenAsync();
        var renewed = await app.PostAsync($"/cgi-bin/service/get_corp_token?suite_access_token={suiteToken}", new { auth_corpid = "wwcorp1", permanent_code = code });
        var retried = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={renewed["access_token"]}", new { });

        Assert.Equal(42001, expired.Errcode());
        Assert.NotEqual(token, (string)renewed["access_token"]!);
        Assert.Equal(10, (int)renewed["expires_in"]!);
        Assert.Equal(0, retried.Errcode());
    }

    [Fact]
    public async Task Expired_suite_token_answers_42009()
    {
        await using var app = await EmulatorApp.StartAsync(TimeSpan.FromSeconds(10));
        var suiteToken = await app.SuiteTokenAsync();

        app.Time.Advance(TimeSpan.FromSeconds(10));
        var answer = await app.PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "AUTH-wwcorp1" });

        Assert.Equal(42009, answer.Errcode());
    }

    [Fact]
    public async Task Unknown_token_answers_40014_and_a_missing_one_41001()
    {
        await using var app = await EmulatorApp.StartAsync();
        var suiteToken = await app.SuiteTokenAsync();

        var unknown = await app.PostAsync("/cgi-bin/externalcontact/mark_tag?access_token=not-a-token", new { });
        var wrongKind = await app.PostAsync($"/cgi-bin/externalcontact/mark_tag?access_token={suiteToken}", new { });
        var missing = await app.PostAsync("/cgi-bin/externalcontact/mark_tag", new { });

        Assert.Equal(40014, unknown.Errcode());
        Assert.Equal(40014, wrongKind.Errcode());
        Assert.Equal(41001, missing.Errcode());
    }
}
