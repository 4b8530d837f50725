using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WeComGateway.Testing;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Diagnostics;

/// <summary>What the welcome and automation consumers report (on the fake clock: durations are the clock's, not the machine's).</summary>
public sealed class WorkerMetricsTests
{
    private const string Customer = "wmMetricsCustomer01";

    [Fact]
    public async Task A_welcome_sent_records_its_latency_from_WeComs_event_time()
    {
        await using var worker = await AutomationHarness.StartAsync();
        using var latency = Collect<double>(worker, "wecomgw.welcome.latency");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-3), welcomeCode: NewWelcomeCode())));

        Assert.Equal(3, Assert.Single(latency.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task An_event_past_the_20_second_window_counts_an_expiry_as_window_passed()
    {
        await using var worker = await AutomationHarness.StartAsync();
        using var expired = Collect<long>(worker, "wecomgw.welcome.expired");
        using var latency = Collect<double>(worker, "wecomgw.welcome.latency");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-21), welcomeCode: NewWelcomeCode())));

        Assert.Equal("window_passed", Assert.Single(expired.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.Empty(latency.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task WeCom_saying_the_code_expired_counts_an_expiry_as_code_expired()
    {
        await using var worker = await AutomationHarness.StartAsync();
        using var expired = Collect<long>(worker, "wecomgw.welcome.expired");
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, 41050, errmsg: "welcome code expired");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        Assert.Equal("code_expired", Assert.Single(expired.GetMeasurementSnapshot()).Tags["reason"]);
    }

    [Fact]
    public async Task An_event_delivered_twice_is_applied_once_and_then_counted_as_already_applied()
    {
        await using var worker = await AutomationHarness.StartAsync();
        using var events = Collect<long>(worker, "wecomgw.automation.events");
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1));

        Assert.Null(await worker.DeliverAsync(added));
        Assert.Null(await worker.DeliverAsync(added));

        var outcomes = events.GetMeasurementSnapshot().Select(m => ((string?)m.Tags["kind"], (string?)m.Tags["outcome"])).ToList();
        Assert.Equal([("contact_added", "applied"), ("contact_added", "already_applied")], outcomes);
    }

    [Fact]
    public async Task Consumer_log_lines_carry_the_corp_and_the_dedupe_key_of_the_event_they_handle()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode());

        Assert.Null(await worker.DeliverAsync(added));

        var sent = Assert.Single(worker.Logs.GetSnapshot(), r => r.Message.Contains("welcome 'default' sent", StringComparison.Ordinal));
        var scope = sent.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal((worker.CorpId, added.DedupeKey, AutomationHarness.SuiteId), (scope["CorpId"], scope["DedupeKey"], scope["SuiteId"]));
    }

    private static MetricCollector<T> Collect<T>(AutomationHarness worker, string instrument)
        where T : struct =>
        new(worker.Services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, instrument);
}
