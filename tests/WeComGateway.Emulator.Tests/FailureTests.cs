using System.Net;
using System.Net.Http.Json;
using WeComGateway.Testing;

namespace WeComGateway.Emulator.Tests;

/// <summary><c>/emulator/fail</c>: what WeCom does wrong, planned per API, per corp, in order.</summary>
public sealed class FailureTests
{
    private static readonly object Welcome = new { welcome_code = "WELCOME-1", text = new { content = "你好" } };

    [Fact]
    public async Task Plans_of_one_api_are_used_in_the_order_they_were_made()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.FailAsync(WeComApis.SendWelcome, -1);
        await app.Emulator.FailAsync(WeComApis.SendWelcome, 45009);

        var answers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome)).Errcode());
        }

        Assert.Equal([-1, 45009, 0], answers);
    }

    [Fact]
    public async Task An_always_plan_answers_every_call_until_it_is_cleared()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.FailAlwaysAsync(WeComApis.TagList, 40068, errmsg: "invalid tagid, hint: [abc]");

        var first = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        var second = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        await app.Emulator.HealAsync(WeComApis.TagList);
        var healed = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });

        Assert.Equal((40068, 40068, 0), (first.Errcode(), second.Errcode(), healed.Errcode()));
        Assert.Equal("invalid tagid, hint: [abc]", (string?)first["errmsg"]);
    }

    [Fact]
    public async Task An_http_status_plan_answers_a_gateway_page_with_that_status_and_is_logged()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.AnswerHttpAsync(WeComApis.MarkTag, 502);

        using var response = await app.Client.PostAsJsonAsync($"/cgi-bin/externalcontact/mark_tag?access_token={token}", new { userid = "zhangsan", external_userid = "wm1" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var call = Assert.Single(await app.Emulator.CallsAsync(WeComApis.MarkTag));
        Assert.Equal((502, "wwcorp1"), (call.Status, call.CorpId));
    }

    [Fact]
    public async Task A_plan_for_one_corp_leaves_the_other_corps_alone()
    {
        await using var app = await EmulatorApp.StartAsync();
        var tokenA = await app.CorpTokenAsync("wwcorpA");
        var tokenB = await app.CorpTokenAsync("wwcorpB");
        await app.Emulator.PlanAsync(new EmulatorFailurePlan(WeComApis.TagList, 48002, Always: true, Corpid: "wwcorpA"));

        var a = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={tokenA}", new { });
        var b = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={tokenB}", new { });

        Assert.Equal((48002, 0), (a.Errcode(), b.Errcode()));
    }

    [Fact]
    public async Task A_slow_answer_is_logged_and_acted_on_at_once_and_answered_when_the_emulators_clock_has_moved()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.SlowAsync(WeComApis.SendWelcome, TimeSpan.FromSeconds(30));

        var sending = app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome);
        await Eventually.HoldsAsync(async () => (await app.Emulator.StateAsync()).Welcomes.Count == 1, "the welcome to be sent");
        Assert.False(sending.IsCompleted);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(0, (await sending).Errcode());
        Assert.Single(await app.Emulator.CallsAsync(WeComApis.SendWelcome));
    }

    [Fact]
    public async Task Release_answers_the_slow_calls_now()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.SlowAsync(WeComApis.TagList, TimeSpan.FromMinutes(5), always: true);

        var waiting = app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });
        await Eventually.HoldsAsync(async () => (await app.Emulator.CountAsync(WeComApis.TagList)) == 1, "the call to arrive");
        await app.Emulator.ReleaseAsync();

        Assert.Equal(0, (await waiting).Errcode());
    }

    [Fact]
    public async Task A_caller_that_gives_up_on_a_slow_welcome_still_had_it_sent()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        await app.Emulator.SlowAsync(WeComApis.SendWelcome, TimeSpan.FromMinutes(1));
        using var giveUp = new CancellationTokenSource();

        var sending = app.Client.PostAsJsonAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", Welcome, giveUp.Token);
        await Eventually.HoldsAsync(async () => (await app.Emulator.CountAsync(WeComApis.SendWelcome)) == 1, "the welcome to arrive");
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Single((await app.Emulator.StateAsync()).Welcomes);
    }

    [Theory]
    [InlineData("""{"path":"/cgi-bin/externalcontact/mark_tag"}""")]
    [InlineData("""{"path":"/cgi-bin/externalcontact/mark_tag","errcode":-1,"http_status":502}""")]
    [InlineData("""{"path":"/cgi-bin/externalcontact/mark_tag","errcode":-1,"times":0}""")]
    [InlineData("""{"path":"/cgi-bin/nope","errcode":-1}""")]
    public async Task A_plan_that_says_nothing_clear_is_refused(string plan)
    {
        await using var app = await EmulatorApp.StartAsync();

        using var answer = await app.Client.PostAsync("/emulator/fail", new StringContent(plan, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Empty((await app.Emulator.StateAsync()).Failures);
    }
}
