using System.Diagnostics.Metrics;
using WeComGateway.Callbacks;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Callbacks;

namespace WeComGateway.Receiver.Diagnostics;

/// <summary>
/// The receiver's instruments (meter <c>WeComGateway.Receiver</c>). Tag values come from closed sets: configured suite
/// ids (an id from the URL that no suite has is <c>unknown</c>), contract type names, rejection reasons. Never a corp id.
/// </summary>
public sealed class ReceiverMetrics
{
    public const string MeterName = GatewayTelemetry.Receiver;

    /// <summary>The suite tag for a suite id no configured suite has: the path segment is the sender's to choose.</summary>
    public const string UnknownSuite = "unknown";

    private static readonly double[] PublishBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 1, 2, 2.5, 5];

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _previousKey;
    private readonly Counter<long> _unavailable;
    private readonly Counter<long> _dedupeUnavailable;
    private readonly Counter<long> _unknownCorps;
    private readonly Counter<long> _ticketStoreFailures;
    private readonly Counter<long> _appended;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _outboxEntriesCancelled;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _publishDuration;
    private long _outboxDepth;

    public ReceiverMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("wecomgw.callbacks.accepted", description: "Callbacks made durable, by suite, URL, event and path (broker or outbox).");
        _rejected = meter.CreateCounter<long>("wecomgw.callbacks.rejected", description: "Callbacks (and URL handshakes) refused with a 4xx, by suite, URL and reason.");
        _duplicates = meter.CreateCounter<long>("wecomgw.callbacks.duplicates", description: "Retries of an event already made durable, answered without publishing.");
        _previousKey = meter.CreateCounter<long>("wecomgw.callbacks.previous_key", description: "Callbacks and URL handshakes accepted with a suite's previous Token and EncodingAESKey (key rotation), by suite.");
        _unavailable = meter.CreateCounter<long>("wecomgw.callbacks.unavailable", description: "Callbacks answered 503, by suite and reason (in_flight, not_durable).");
        _dedupeUnavailable = meter.CreateCounter<long>("wecomgw.dedupe.unavailable", description: "Callbacks published without a dedupe claim because Redis was unreachable.");
        _unknownCorps = meter.CreateCounter<long>("wecomgw.callbacks.unknown_corp", description: "Data callbacks for a corp with no stored authorization (yet).");
        _ticketStoreFailures = meter.CreateCounter<long>("wecomgw.suite_ticket.store_failures", description: "Suite tickets that could not be written to the store.");
        _appended = meter.CreateCounter<long>("wecomgw.outbox.appended", description: "Events written to the fallback outbox, by reason (confirm_timeout, publish_failed).");
        _relayed = meter.CreateCounter<long>("wecomgw.outbox.relayed", description: "Outbox entries forwarded to the broker by the relay.");
        _outboxEntriesCancelled = meter.CreateCounter<long>("wecomgw.outbox.settled_by_late_confirm", description: "Outbox entries dropped because their original publish was confirmed after all.");
        _duration = meter.CreateHistogram<double>("wecomgw.callbacks.duration", unit: "ms", description: "Time from request to answer.");
        _publishDuration = meter.CreateHistogram(
            "wecomgw.publish.duration",
            unit: "s",
            description: "Time to make one event durable, by outcome: confirmed by the broker, spooled to the outbox, or failed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PublishBuckets });
        meter.CreateObservableGauge("wecomgw.outbox.depth", () => Interlocked.Read(ref _outboxDepth), description: "Entries waiting in the fallback outbox (as last seen by the relay).");
    }

    public void Accepted(string suiteId, CallbackUrl url, string eventType, string path) =>
        _accepted.Add(1, new("suite", suiteId), new("url", url.Label()), new("event", eventType), new("path", path));

    /// <param name="suite">A configured suite id, or <see cref="UnknownSuite"/>.</param>
    public void Rejected(string suite, CallbackUrl url, CallbackRejection reason) =>
        _rejected.Add(1, new("suite", suite), new("url", url.Label()), new("reason", reason.Label()));

    public void Duplicate(string suiteId, CallbackUrl url, string eventType) =>
        _duplicates.Add(1, new("suite", suiteId), new("url", url.Label()), new("event", eventType));

    /// <summary>A request answered success that verified with the suite's previous keys: when this stays at zero, remove them.</summary>
    public void PreviousKey(string suiteId) => _previousKey.Add(1, new KeyValuePair<string, object?>("suite", suiteId));

    /// <param name="reason"><c>in_flight</c> (another request holds the claim) or <c>not_durable</c> (broker and outbox both failed).</param>
    public void Unavailable(string suiteId, string reason) =>
        _unavailable.Add(1, new KeyValuePair<string, object?>("suite", suiteId), new KeyValuePair<string, object?>("reason", reason));

    public void DedupeUnavailable() => _dedupeUnavailable.Add(1);

    public void UnknownCorp() => _unknownCorps.Add(1);

    public void TicketStoreFailed() => _ticketStoreFailures.Add(1);

    /// <param name="reason"><c>confirm_timeout</c> or <c>publish_failed</c>.</param>
    public void Appended(string reason) => _appended.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Relayed() => _relayed.Add(1);

    public void SettledByLateConfirm() => _outboxEntriesCancelled.Add(1);

    public void Duration(double milliseconds, string outcome) => _duration.Record(milliseconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>confirmed</c>, <c>spooled</c> or <c>failed</c>.</param>
    public void PublishDuration(TimeSpan elapsed, string outcome) =>
        _publishDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void OutboxDepth(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);
}
