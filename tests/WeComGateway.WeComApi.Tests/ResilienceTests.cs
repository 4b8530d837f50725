using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Retries, timeouts, the per-corp circuit breaker and the per-corp rate limiter.</summary>
public class ResilienceTests
{
    private static readonly TimeSpan LongerThanAnAttempt = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, string?> ShortAttempts = new() { ["WeCom:Api:AttemptTimeout"] = "00:00:00.300" };

    private static readonly SendWelcomeMessageRequest Welcome = new("welcome-code-1") { Text = new WelcomeText("你好，欢迎！") };

    [Fact]
    public async Task Http_500_is_retried_and_the_call_then_succeeds()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.AnswerHttpAsync(WeComApis.MarkTag, 500);

        await wecom.ExternalContact.MarkTagAsync(await wecom.TagFruitLoverAsync(), TokenOf(CorpA));

        Assert.Equal([(500, 0), (200, 0)], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => (c.Status, c.Errcode)));
    }

    [Fact]
    public async Task Http_5xx_that_persists_ends_as_a_transient_error_after_three_retries()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.AnswerHttpAsync(WeComApis.MarkTag, 502, always: true);

        var error = await Assert.ThrowsAsync<WeComApiException>(
            async () => await wecom.ExternalContact.MarkTagAsync(await wecom.TagFruitLoverAsync(), TokenOf(CorpA)));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.HttpStatus);
        Assert.Equal(WeComErrorCodes.HttpFailure, error.ErrCode);
        Assert.Equal(4, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_for_an_idempotent_call()
    {
        await using var wecom = await OverEmulatorAsync(ShortAttempts);
        await WarmUp(wecom);
        await wecom.Emulator.SlowAsync(WeComApis.MarkTag, LongerThanAnAttempt);

        await wecom.ExternalContact.MarkTagAsync(await wecom.TagFruitLoverAsync(), TokenOf(CorpA));

        Assert.Equal(2, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task Welcome_message_is_not_retried_after_a_timeout_because_WeCom_may_have_sent_it()
    {
        await using var wecom = await OverEmulatorAsync(ShortAttempts);
        await WarmUp(wecom);
        await wecom.Emulator.SlowAsync(WeComApis.SendWelcome, LongerThanAnAttempt, always: true);

        var error = await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, TokenOf(CorpA)));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal("externalcontact/send_welcome_msg", error.Api);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.SendWelcome));
        Assert.Single((await wecom.Emulator.StateAsync()).Welcomes); // it was sent: a retry would have been a second one
    }

    [Fact]
    public async Task Welcome_message_is_not_retried_after_an_http_500()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.AnswerHttpAsync(WeComApis.SendWelcome, 500, always: true);

        await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, TokenOf(CorpA)));

        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.SendWelcome));
    }

    [Fact]
    public async Task Welcome_message_is_retried_when_WeCom_answers_busy_because_it_did_not_act()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAsync(WeComApis.SendWelcome, WeComErrorCodes.SystemBusy, errmsg: "system busy");

        await wecom.ExternalContact.SendWelcomeMessageAsync(Welcome, TokenOf(CorpA));

        Assert.Equal([WeComErrorCodes.SystemBusy, 0], (await wecom.Emulator.CallsAsync(WeComApis.SendWelcome)).Select(c => c.Errcode));
    }

    [Fact]
    public async Task Open_circuit_of_one_corp_does_not_block_another_corp()
    {
        await using var wecom = await OverEmulatorAsync(new Dictionary<string, string?>
        {
            ["WeCom:Api:MaxRetryAttempts"] = "0",
            ["WeCom:Api:CircuitBreakerMinimumThroughput"] = "2",
            ["WeCom:Api:CircuitBreakerFailureRatio"] = "0.5",
            ["WeCom:Api:CircuitBreakerBreakDuration"] = "00:01:00",
        });
        await wecom.Emulator.AnswerHttpAsync(WeComApis.GetContact, 503, always: true, corpId: CorpA);
        var api = wecom.ExternalContact;

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<WeComApiException>(() => api.GetExternalContactAsync("wmOfCorpA", null, TokenOf(CorpA)));
        }

        var blocked = await Assert.ThrowsAsync<WeComApiException>(
            () => api.GetExternalContactAsync("wmOfCorpA", null, TokenOf(CorpA)));
        await api.GetExternalContactAsync("wmOfCorpB", null, TokenOf(CorpB));

        Assert.Contains("circuit open", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(CorpA, blocked.CorpId);
        var calls = await wecom.Emulator.CallsAsync(WeComApis.GetContact);
        Assert.Equal(2, calls.Count(c => c.CorpId == CorpA));
        Assert.Equal(1, calls.Count(c => c.CorpId == CorpB));
    }

    [Fact]
    public async Task Noisy_corp_is_held_by_its_own_rate_limit_while_another_corp_goes_through()
    {
        await using var wecom = await OverEmulatorAsync(new Dictionary<string, string?>
        {
            ["WeCom:Api:RateLimitPermitsPerSecond"] = "1",
            ["WeCom:Api:RateLimitBurst"] = "1",
            ["WeCom:Api:RateLimitQueueLimit"] = "0",
        });
        var (tagA, tagB) = (await wecom.TagFruitLoverAsync(CorpA), await wecom.TagFruitLoverAsync(CorpB));
        var api = wecom.ExternalContact;

        await api.MarkTagAsync(tagA, TokenOf(CorpA));
        var limited = await Assert.ThrowsAsync<WeComApiException>(() => api.MarkTagAsync(tagA, TokenOf(CorpA)));
        await api.MarkTagAsync(tagB, TokenOf(CorpB));

        Assert.Equal(WeComErrorKind.RateLimited, limited.Kind);
        Assert.Equal([CorpA, CorpB], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.CorpId)); // the limited call never left
    }

    // The wire: what is resent.

    [Fact]
    public async Task Token_free_call_is_resent_with_the_same_body_after_an_http_500()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.FirstThen(
            "/cgi-bin/service/get_suite_token",
            WireMock.ResponseBuilders.Response.Create().WithStatusCode(500).WithBody("<html>bad gateway</html>"),
            Json("""{"suite_access_token":"suite-tok","expires_in":7200}"""));

        var answer = await wecom.Service.GetSuiteTokenAsync(new Service.SuiteTokenRequest(SuiteId, "secret", "ticket"));

        Assert.Equal("suite-tok", answer.SuiteAccessToken);
        var bodies = wecom.Wire.LogEntries.Select(e => e.RequestMessage!.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("\"suite_ticket\":\"ticket\"", bodies[1], StringComparison.Ordinal);
    }

    /// <summary>The first call of a process JITs Refit, Polly and the test host: keep it out of tests with short timeouts.</summary>
    private static async Task WarmUp(ClientUnderTest wecom)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await wecom.ExternalContact.RemarkAsync(new RemarkRequest("warm", "up"), TokenOf(CorpB));
                return;
            }
            catch (WeComApiException)
            {
            }
        }
    }
}
