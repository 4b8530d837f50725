using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using WeComGateway.WeComApi.Tokens;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;

namespace WeComGateway.WeComApi.Tests;

/// <summary>What ops see of calls to WeCom: one measurement per call by API, errcode and outcome; a span per call; never the token.</summary>
public sealed class ApiTelemetryTests
{
    private const string MarkTagApi = "externalcontact/mark_tag";

    private static async Task TagCustomer(ClientUnderTest wecom, MarkTagRequest tagFruitLover) =>
        await wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(CorpA));

    [Fact]
    public async Task A_call_WeCom_answers_ok_is_counted_once_by_api_with_errcode_0_outcome_ok_and_the_suite_of_its_grant_and_no_corp()
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        using var calls = Collect<long>(wecom.Services, "wecomgw.wecom_api.calls");
        using var durations = Collect<double>(wecom.Services, "wecomgw.wecom_api.duration");

        await TagCustomer(wecom, tagFruitLover);

        var call = Assert.Single(calls.GetMeasurementSnapshot());
        Assert.Equal(1, call.Value);
        Assert.Equal(new Dictionary<string, object?> { ["api"] = MarkTagApi, ["errcode"] = 0, ["outcome"] = "ok", ["suite"] = TokenOf(CorpA).SuiteId }, call.Tags);
        var duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal(new Dictionary<string, object?> { ["api"] = MarkTagApi, ["outcome"] = "ok" }, duration.Tags);
    }

    [Theory]
    [InlineData(40096, "permanent")]      // invalid external_userid
    [InlineData(48002, "configuration")]  // API not permitted
    [InlineData(48004, "authorization_revoked")]
    public async Task An_errcode_WeCom_answers_is_counted_with_that_errcode_and_its_kind(int errCode, string outcome)
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        using var calls = Collect<long>(wecom.Services, "wecomgw.wecom_api.calls");
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, errCode);

        await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom, tagFruitLover));

        var call = Assert.Single(calls.GetMeasurementSnapshot());
        Assert.Equal((errCode, outcome), ((int)call.Tags["errcode"]!, (string?)call.Tags["outcome"]));
    }

    [Fact]
    public async Task System_busy_that_clears_is_one_ok_call_and_one_retry_for_a_transient_answer()
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        using var calls = Collect<long>(wecom.Services, "wecomgw.wecom_api.calls");
        using var retries = Collect<long>(wecom.Services, "wecomgw.wecom_api.retries");
        await wecom.Emulator.FailAsync(WeComApis.MarkTag, WeComErrorCodes.SystemBusy, errmsg: "system busy");

        await TagCustomer(wecom, tagFruitLover);

        Assert.Equal("ok", Assert.Single(calls.GetMeasurementSnapshot()).Tags["outcome"]);
        var retry = Assert.Single(retries.GetMeasurementSnapshot());
        Assert.Equal((MarkTagApi, "transient"), ((string?)retry.Tags["api"], (string?)retry.Tags["reason"]));
    }

    [Fact]
    public async Task A_welcome_that_times_out_is_counted_as_timeout_without_an_errcode_from_WeCom()
    {
        await using var wecom = await OverEmulatorAsync(new Dictionary<string, string?> { ["WeCom:Api:AttemptTimeout"] = "00:00:00.300" });
        await wecom.Emulator.CorpTokenAsync(CorpA); // the token is there before the clock starts
        using var calls = Collect<long>(wecom.Services, "wecomgw.wecom_api.calls");
        await wecom.Emulator.SlowAsync(WeComApis.SendWelcome, TimeSpan.FromSeconds(2), always: true);

        await Assert.ThrowsAsync<WeComApiException>(() => wecom.ExternalContact.SendWelcomeMessageAsync(
            new SendWelcomeMessageRequest("welcome-code-1") { Text = new WelcomeText("你好") }, TokenOf(CorpA)));

        var call = Assert.Single(calls.GetMeasurementSnapshot());
        Assert.Equal(("externalcontact/send_welcome_msg", WeComErrorCodes.HttpFailure, "timeout"),
            ((string?)call.Tags["api"], (int)call.Tags["errcode"]!, (string?)call.Tags["outcome"]));
    }

    [Fact]
    public async Task The_span_of_a_call_names_the_corp_and_the_errcode_and_no_span_of_its_trace_carries_the_token()
    {
        using var spans = new SpanRecorder();
        await using var wecom = await OverEmulatorAsync(overHttp: true); // the HTTP client's own span needs the real HTTP stack
        var corpId = "wwtrace" + Guid.NewGuid().ToString("N")[..12];
        var tagFruitLover = await wecom.TagFruitLoverAsync(corpId);

        await wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(corpId));

        var call = Assert.Single(spans.Stopped, s => s.Source.Name == WeComApiMetrics.MeterName && (string?)s.GetTagItem("wecomgw.corp_id") == corpId);
        Assert.Equal((MarkTagApi, SuiteId, 0, "ok"),
            ((string?)call.GetTagItem("wecom.api"), (string?)call.GetTagItem("wecomgw.suite_id"), (int?)call.GetTagItem("wecom.errcode"), (string?)call.GetTagItem("wecomgw.outcome")));
        var trace = spans.Stopped.Where(s => s.TraceId == call.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == call.SpanId);
        var everything = string.Join('\n', trace.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")).Concat(trace.Select(s => s.DisplayName)));
        Assert.Contains("url.full=", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Assert.Single(wecom.Tokens.HandedOut), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_fetches_are_counted_by_kind_and_a_suite_without_a_usable_ticket_says_so()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var fetches = Collect<long>(services, "wecomgw.tokens.fetches");
        using var invalidations = Collect<long>(services, "wecomgw.tokens.invalidated");
        var provider = new AccessTokenProvider(
            new InMemoryTokenStore(TimeProvider.System),
            new ScriptedSource(),
            Options.Create(new TokenOptions()),
            TimeProvider.System,
            new WeComApiMetrics(services.GetRequiredService<IMeterFactory>()),
            NullLogger<AccessTokenProvider>.Instance);

        var corp = await provider.GetAsync(TokenKey.Corp("suite-a", "wwcorpA"), CancellationToken.None);
        await Assert.ThrowsAsync<SuiteTicketUnavailableException>(async () => await provider.GetAsync(TokenKey.Suite("suite-stale"), CancellationToken.None));
        await provider.InvalidateAsync(TokenKey.Corp("suite-a", "wwcorpA"), corp.Value, CancellationToken.None);

        var outcomes = fetches.GetMeasurementSnapshot().Select(m => ((string?)m.Tags["kind"], (string?)m.Tags["outcome"])).ToList();
        Assert.Equal([("corp", "ok"), ("suite", "suite_ticket_unavailable")], outcomes);
        Assert.Equal("corp", Assert.Single(invalidations.GetMeasurementSnapshot()).Tags["kind"]);
    }

    private static MetricCollector<T> Collect<T>(IServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), WeComApiMetrics.MeterName, instrument);

    /// <summary>Corp tokens come; the suite token of <c>suite-stale</c> does not, for want of a fresh suite_ticket.</summary>
    private sealed class ScriptedSource : ITokenSource
    {
        public Task<AccessToken> FetchAsync(TokenKey key, CancellationToken cancellationToken) => key.Kind == TokenKind.Corp
            ? Task.FromResult(new AccessToken("corp-token-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddHours(2)))
            : throw new SuiteTicketUnavailableException(key.SuiteId!, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(30));
    }

    /// <summary>Every span that ends in this process while the test runs (tests in parallel add theirs: filter by trace).</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is WeComApiMetrics.MeterName or "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped => [.. _stopped];

        public void Dispose() => _listener.Dispose();
    }
}
