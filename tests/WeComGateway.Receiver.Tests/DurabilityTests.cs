using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Outbox;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>"success" means durable: confirmed by the broker, or in the fallback outbox. Otherwise 503.</summary>
public sealed class DurabilityTests
{
    private static readonly (string, string?)[] FastBudgets =
    [
        ("Receiver:PublishConfirmBudget", "00:00:00.100"),
        ("Receiver:AuthorizationConfirmBudget", "00:00:00.050"),
        ("Receiver:BackgroundPublishDeadline", "00:00:00.200"),
        ("Receiver:RelayGraceMargin", "00:00:00"),
    ];

    [Fact]
    public async Task Broker_that_does_not_confirm_in_time_gets_the_event_through_the_outbox_once_it_is_back()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Hang };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, "woDuringOutage")));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var outbox = app.Services.GetRequiredService<ICallbackOutbox>();
        Assert.Equal(1, await outbox.CountAsync(CancellationToken.None));
        Assert.Empty(broker.Published);

        broker.Current = ControllableBroker.Mode.Confirm;
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // past the relay grace: the original publish has given up
        var relayed = await app.Services.GetRequiredService<OutboxRelay>().RelayOnceAsync(CancellationToken.None);

        Assert.Equal(1, relayed);
        Assert.Equal("woDuringOutage", Assert.IsType<ExternalContactAdded>(Assert.Single(broker.Published)).ExternalUserId);
        Assert.Equal(0, await outbox.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Outbox_is_forwarded_in_the_order_events_arrived()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Hang };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);
        var customers = Enumerable.Range(1, 5).Select(i => $"woOrdered{i}").ToList();
        foreach (var customer in customers)
        {
            await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, customer)));
        }

        broker.Current = ControllableBroker.Mode.Confirm;
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await app.Services.GetRequiredService<OutboxRelay>().RelayOnceAsync(CancellationToken.None);

        Assert.Equal(customers, broker.Published.Cast<ExternalContactAdded>().Select(e => e.ExternalUserId));
    }

    [Fact]
    public async Task A_publish_confirmed_after_its_budget_removes_its_outbox_entry_so_the_relay_never_sends_it_twice()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Slow, SlowConfirm = TimeSpan.FromMilliseconds(150) };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: [.. FastBudgets, ("Receiver:BackgroundPublishDeadline", "00:00:05")]);
        var outbox = app.Services.GetRequiredService<ICallbackOutbox>();

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        await Eventually.HoldsAsync(async () => await outbox.CountAsync(CancellationToken.None) == 0, "the late confirm to empty the outbox", timeout: TimeSpan.FromSeconds(5));
        Assert.Single(broker.Published);
    }

    [Fact]
    public async Task Authorization_events_use_the_short_budget_WeCom_allows_them()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Hang };
        // Were the one-hour budget used, this request would not come back before the test run times out.
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: [.. FastBudgets, ("Receiver:PublishConfirmBudget", "01:00:00")]);

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.CreateAuth(suite)));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.Services.GetRequiredService<ICallbackOutbox>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Broker_and_Redis_both_down_answers_503_and_a_later_retry_succeeds()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Refuse };
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));
        await using (var app = ReceiverHost.WithBroker(suite, broker, new UnreachableStore(), FastBudgets))
        {
            var response = await app.PostAsync(callback);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.DoesNotContain("success", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        broker.Current = ControllableBroker.Mode.Confirm;
        await using var recovered = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);
        var retry = await recovered.PostAsync(callback);

        Assert.Equal("success", await retry.Content.ReadAsStringAsync());
        Assert.Single(broker.Published);
    }

    [Fact]
    public async Task Broker_down_with_Redis_up_is_still_success()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker { Current = ControllableBroker.Mode.Refuse };
        await using var app = ReceiverHost.WithBroker(suite, broker, settings: FastBudgets);

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Redis_down_with_the_broker_up_publishes_anyway_and_counts_it()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(suite, broker, new UnreachableStore(), FastBudgets);
        using var dedupeOff = new MetricCollector<long>(app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ReceiverMetrics.MeterName, "wecomgw.dedupe.unavailable");

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Single(broker.Published);
        Assert.Equal(1, dedupeOff.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task A_claim_left_pending_by_a_crashed_receiver_expires_and_the_retry_is_published()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(suite, broker, settings:
            [.. FastBudgets, ("Receiver:DedupePendingTtl", "00:00:00.300"), ("Receiver:InFlightWait", "00:00:00")]);
        var plaintext = EventXml.ContactAdded(suite);
        var claims = app.Services.GetRequiredService<IClaimStore>();
        await claims.TryClaimAsync(ClaimKey.Callback(CallbackEventParser.ComputeDedupeKey(plaintext)), "crashed-instance", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        var whileClaimed = await app.PostAsync(SignedCallback.Post(suite, "command", plaintext));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileClaimed.StatusCode);

        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var afterExpiry = await app.PostAsync(SignedCallback.Post(suite, "command", plaintext));

        Assert.Equal("success", await afterExpiry.Content.ReadAsStringAsync());
        Assert.Single(broker.Published);
    }
}
