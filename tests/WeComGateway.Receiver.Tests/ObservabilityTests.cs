using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>What ops see of a callback: the Prometheus scrape, the publish metrics, one trace per callback.</summary>
[Collection(MetricsScrape.Name)]
public sealed class ObservabilityTests
{
    private static readonly (string, string?)[] FastBudgets =
    [
        ("Receiver:PublishConfirmBudget", "00:00:00.100"),
        ("Receiver:AuthorizationConfirmBudget", "00:00:00.050"),
        ("Receiver:BackgroundPublishDeadline", "00:00:00.200"),
        ("Receiver:RelayGraceMargin", "00:00:00"),
    ];

    [Fact]
    public async Task A_signed_callback_is_counted_on_metrics_by_suite_url_event_and_path()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        var samples = await ScrapeAsync(app);
        var accepted = Assert.Single(samples, s => s.Name == "wecomgw_callbacks_accepted_total" && s.Labels["suite"] == suite.SuiteId);
        Assert.Equal(("command", "ExternalContactAdded", "broker", 1d), (accepted.Labels["url"], accepted.Labels["event"], accepted.Labels["path"], accepted.Value));
        Assert.Contains(samples, s => s.Name == "wecomgw_publish_duration_seconds_count" && s.Labels["outcome"] == "confirmed" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "wecomgw_callbacks_duration_milliseconds_count" && s.Labels["outcome"] == "Accepted");
    }

    [Fact]
    public async Task A_retry_from_WeCom_is_counted_as_a_duplicate_of_its_event()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));

        await app.PostAsync(callback);
        await app.PostAsync(callback);

        var duplicate = Assert.Single(await ScrapeAsync(app), s => s.Name == "wecomgw_callbacks_duplicates_total" && s.Labels["suite"] == suite.SuiteId);
        Assert.Equal(("ExternalContactAdded", 1d), (duplicate.Labels["event"], duplicate.Value));
    }

    [Fact]
    public async Task Refusals_are_counted_by_reason_and_a_suite_id_nobody_configured_is_counted_as_unknown_not_by_its_id()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var good = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));
        var forged = good with { PathAndQuery = good.PathAndQuery.Replace("msg_signature=", "msg_signature=0", StringComparison.Ordinal) };
        var strangerSuite = "ww" + Guid.NewGuid().ToString("N");
        var stranger = good with { PathAndQuery = good.PathAndQuery.Replace(suite.SuiteId, strangerSuite, StringComparison.Ordinal) };

        await app.PostAsync(forged);
        await app.PostAsync(stranger);

        var scrape = await app.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var rejected = PrometheusText.Parse(scrape).Where(s => s.Name == "wecomgw_callbacks_rejected_total").ToList();
        Assert.Contains(rejected, s => s.Labels["suite"] == suite.SuiteId && s.Labels["reason"] == "bad_signature" && s.Value == 1);
        Assert.Contains(rejected, s => s.Labels["suite"] == ReceiverMetrics.UnknownSuite && s.Labels["reason"] == "unknown_suite");
        Assert.DoesNotContain(strangerSuite, scrape, StringComparison.Ordinal);
        Assert.DoesNotContain(suite.CorpId, scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_does_not_confirm_in_time_shows_as_an_outbox_append_and_a_spooled_publish()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Hang };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var appended = new MetricCollector<long>(meters, ReceiverMetrics.MeterName, "wecomgw.outbox.appended");
        using var publishes = new MetricCollector<double>(meters, ReceiverMetrics.MeterName, "wecomgw.publish.duration");

        Assert.Equal("success", await (await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)))).Content.ReadAsStringAsync());

        Assert.Equal("confirm_timeout", Assert.Single(appended.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.Equal("spooled", Assert.Single(publishes.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task One_callback_is_one_trace_from_WeComs_request_through_the_publish_tagged_with_its_corp_and_dedupe_key()
    {
        var suite = TestSuite.Fresh();
        using var spans = new SpanRecorder();
        await using var app = ReceiverHost.WithHarness(suite);

        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));

        var dedupeKey = Assert.Single(app.Services.GetTestHarness().Published.Select<ExternalContactAdded>()).Context.Message.DedupeKey;
        var request = await spans.WaitForAsync(s => s.Source.Name == "Microsoft.AspNetCore" && Tag(s, "wecomgw.dedupe_key") == dedupeKey);
        Assert.Equal((suite.CorpId, suite.SuiteId), (Tag(request, "wecomgw.corp_id"), Tag(request, "wecomgw.suite_id")));
        var publish = await spans.WaitForAsync(s => s.OperationName == "wecomgw.publish" && s.TraceId == request.TraceId);
        Assert.Equal(request.SpanId, publish.ParentSpanId);
        Assert.Equal("confirmed", Tag(publish, "wecomgw.durability"));
        var send = await spans.WaitForAsync(s => s.Source.Name == "MassTransit" && s.TraceId == request.TraceId);
        Assert.Equal(publish.SpanId, send.ParentSpanId);
    }

    [Fact]
    public async Task An_event_relayed_from_the_outbox_later_continues_the_trace_of_the_request_that_spooled_it()
    {
        var suite = TestSuite.Fresh();
        using var spans = new SpanRecorder();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Hang };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, "woDuringOutage"));

        await app.PostAsync(callback);
        broker.Current = ControllableBroker.Mode.Confirm;
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // past the relay grace: the original publish has given up
        Assert.Equal(1, await app.Services.GetRequiredService<OutboxRelay>().RelayOnceAsync(CancellationToken.None));

        var spooled = await spans.WaitForAsync(s => s.OperationName == "wecomgw.publish" && Tag(s, "wecomgw.suite_id") == suite.SuiteId);
        Assert.Equal("spooled", Tag(spooled, "wecomgw.durability"));
        var relay = await spans.WaitForAsync(s => s.OperationName == "wecomgw.outbox.relay" && Tag(s, "wecomgw.suite_id") == suite.SuiteId);
        Assert.Equal((spooled.TraceId, spooled.SpanId), (relay.TraceId, relay.ParentSpanId));
        Assert.Equal(suite.CorpId, Tag(relay, "wecomgw.corp_id"));
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(GatewayApplication app) =>
        PrometheusText.Parse(await app.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    /// <summary>Every span that ends in this process while the test runs (tests in parallel add theirs: filter by id).</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private static readonly HashSet<string> Sources = ["Microsoft.AspNetCore", "MassTransit", ReceiverMetrics.MeterName];
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => Sources.Contains(source.Name),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>A span ends a moment after the answer reached the client: wait for it (at most 5 s).</summary>
        public Task<Activity> WaitForAsync(Func<Activity, bool> match) =>
            Eventually.ValueAsync(() => _stopped.FirstOrDefault(match), "a matching span to end", timeout: TimeSpan.FromSeconds(5));

        public void Dispose() => _listener.Dispose();
    }
}
