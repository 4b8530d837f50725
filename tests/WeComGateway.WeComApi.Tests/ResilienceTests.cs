using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Retries, timeouts, the per-corp circuit breaker and the per-corp rate limiter.</summary>
public class ResilienceTests
{
    private static readonly TimeSpan LongerThanAnAttempt = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, string?> ShortAttempts = new() { ["WeCom:Api:AttemptTimeout"] = "00:00:00.300" };

    private static readonly MarkTagRequest TagFruitLover = new("zhangsan", "wmCustomer1") { AddTag = ["et-fruit"] };

    private static readonly SendWelcomeMessageRequest Welcome = new("welcome-code-1") { Text = new WelcomeText("你好，欢迎！") };

    [Fact]
    public async Task Http_500_is_retried_and_the_call_then_succeeds()
    {
        using var wecom = new FakeWeCom();
        var reply = ScriptedReply.On(wecom.Server, MarkTag, n => n == 1 ? ScriptedStep.Http(500) : ScriptedStep.Ok);

        await wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        Assert.Equal(2, reply.Calls);
    }

    [Fact]
    public async Task Http_5xx_that_persists_ends_as_a_transient_error_after_three_retries()
    {
        using var wecom = new FakeWeCom();
        var reply = ScriptedReply.On(wecom.Server, MarkTag, _ => ScriptedStep.Http(502));

        var error = await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA)));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.HttpStatus);
        Assert.Equal(WeComErrorCodes.HttpFailure, error.ErrCode);
        Assert.Equal(4, reply.Calls);
    }

    [Fact]
    public async Task Token_free_call_is_resent_with_the_same_body_after_an_http_500()
    {
        using var wecom = new FakeWeCom();
        var reply = ScriptedReply.On(
            wecom.Server,
            "/cgi-bin/service/get_suite_token",
            n => n == 1 ? ScriptedStep.Http(500) : new ScriptedStep(200, """{"suite_access_token":"suite-tok","expires_in":7200}"""));

        var answer = await wecom.Service.GetSuiteTokenAsync(new Service.SuiteTokenRequest(FakeWeCom.SuiteId, "secret", "ticket"));

        Assert.Equal("suite-tok", answer.SuiteAccessToken);
        Assert.Equal(2, reply.Calls);
        var bodies = wecom.Server.LogEntries.Select(e => e.RequestMessage!.Body).ToList();
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("\"suite_ticket\":\"ticket\"", bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_for_an_idempotent_call()
    {
        using var wecom = new FakeWeCom(ShortAttempts);
        await WarmUp(wecom);
        var reply = ScriptedReply.On(wecom.Server, MarkTag, n => n == 1 ? ScriptedStep.Slow(LongerThanAnAttempt) : ScriptedStep.Ok);

        await wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        Assert.Equal(2, reply.Calls);
    }

    [Fact]
    public async Task Welcome_message_is_not_retried_after_a_timeout_because_WeCom_may_have_sent_it()
    {
        using var wecom = new FakeWeCom(ShortAttempts);
        await WarmUp(wecom);
        var reply = ScriptedReply.On(wecom.Server, SendWelcome, _ => ScriptedStep.Slow(LongerThanAnAttempt));

        var error = await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, FakeWeCom.TokenOf(FakeWeCom.CorpA)));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal("externalcontact/send_welcome_msg", error.Api);
        Assert.Equal(1, reply.Calls);
    }

    [Fact]
    public async Task Welcome_message_is_not_retried_after_an_http_500()
    {
        using var wecom = new FakeWeCom();
        var reply = ScriptedReply.On(wecom.Server, SendWelcome, _ => ScriptedStep.Http(500));

        await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, FakeWeCom.TokenOf(FakeWeCom.CorpA)));

        Assert.Equal(1, reply.Calls);
    }

    [Fact]
    public async Task Welcome_message_is_retried_when_WeCom_answers_busy_because_it_did_not_act()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.FirstThen(SendWelcome, ErrCode(WeComErrorCodes.SystemBusy, "system busy"), times: 1, then: Ok());

        await wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        Assert.Equal(2, wecom.CallsTo(SendWelcome));
    }

    [Fact]
    public async Task Open_circuit_of_one_corp_does_not_block_another_corp()
    {
        using var wecom = new FakeWeCom(new Dictionary<string, string?>
        {
            ["WeCom:Api:MaxRetryAttempts"] = "0",
            ["WeCom:Api:CircuitBreakerMinimumThroughput"] = "2",
            ["WeCom:Api:CircuitBreakerFailureRatio"] = "0.5",
            ["WeCom:Api:CircuitBreakerBreakDuration"] = "00:01:00",
        });
        var corpA = ScriptedReply.On(wecom.Server, GetContact, _ => ScriptedStep.Http(503), r => r.WithParam("external_userid", "wmOfCorpA"));
        var corpB = ScriptedReply.On(wecom.Server, GetContact, _ => ScriptedStep.Ok, r => r.WithParam("external_userid", "wmOfCorpB"));
        var api = wecom.ExternalContact;

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<WeComApiException>(() => api.GetExternalContactAsync("wmOfCorpA", null, FakeWeCom.TokenOf(FakeWeCom.CorpA)));
        }

        var blocked = await Assert.ThrowsAsync<WeComApiException>(
            () => api.GetExternalContactAsync("wmOfCorpA", null, FakeWeCom.TokenOf(FakeWeCom.CorpA)));
        await api.GetExternalContactAsync("wmOfCorpB", null, FakeWeCom.TokenOf(FakeWeCom.CorpB));

        Assert.Contains("circuit open", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(FakeWeCom.CorpA, blocked.CorpId);
        Assert.Equal(2, corpA.Calls);
        Assert.Equal(1, corpB.Calls);
    }

    [Fact]
    public async Task Noisy_corp_is_held_by_its_own_rate_limit_while_another_corp_goes_through()
    {
        using var wecom = new FakeWeCom(new Dictionary<string, string?>
        {
            ["WeCom:Api:RateLimitPermitsPerSecond"] = "1",
            ["WeCom:Api:RateLimitBurst"] = "1",
            ["WeCom:Api:RateLimitQueueLimit"] = "0",
        });
        var reply = ScriptedReply.On(wecom.Server, MarkTag, _ => ScriptedStep.Ok);
        var api = wecom.ExternalContact;

        await api.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));
        var limited = await Assert.ThrowsAsync<WeComApiException>(() => api.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA)));
        await api.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpB));

        Assert.Equal(WeComErrorKind.RateLimited, limited.Kind);
        Assert.Equal(2, reply.Calls); // corp A once, corp B once: the limited call never left
    }

    /// <summary>First call of a process JITs Refit, Polly and WireMock: keep it out of tests with short timeouts.</summary>
    private static async Task WarmUp(FakeWeCom wecom)
    {
        const string Path = "/cgi-bin/externalcontact/remark";
        wecom.Server.Always(Path, Ok());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await wecom.ExternalContact.RemarkAsync(new RemarkRequest("warm", "up"), FakeWeCom.TokenOf(FakeWeCom.CorpB));
                return;
            }
            catch (WeComApiException)
            {
            }
        }
    }
}
