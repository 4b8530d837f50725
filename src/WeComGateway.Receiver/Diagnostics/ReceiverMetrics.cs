using System.Diagnostics.Metrics;
using WeComGateway.Callbacks;
using WeComGateway.Receiver.Callbacks;

namespace WeComGateway.Receiver.Diagnostics;

/// <summary>The receiver's counters (meter <c>WeComGateway.Receiver</c>). Tag values come from closed sets.</summary>
public sealed class ReceiverMetrics
{
    public const string MeterName = "WeComGateway.Receiver";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _unavailable;
    private readonly Counter<long> _dedupeUnavailable;
    private readonly Counter<long> _unknownCorps;
    private readonly Counter<long> _ticketStoreFailures;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _outboxEntriesCancelled;
    private readonly Histogram<double> _duration;
    private long _outboxDepth;

    public ReceiverMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("wecomgw.callbacks.accepted", description: "Callbacks made durable, by path (broker or outbox).");
        _rejected = meter.CreateCounter<long>("wecomgw.callbacks.rejected", description: "Callbacks refused with a 4xx, by reason.");
        _duplicates = meter.CreateCounter<long>("wecomgw.callbacks.duplicates", description: "Retries answered without publishing.");
        _unavailable = meter.CreateCounter<long>("wecomgw.callbacks.unavailable", description: "Callbacks answered 503: neither broker nor outbox took them.");
        _dedupeUnavailable = meter.CreateCounter<long>("wecomgw.dedupe.unavailable", description: "Callbacks published without a dedupe claim because Redis was unreachable.");
        _unknownCorps = meter.CreateCounter<long>("wecomgw.callbacks.unknown_corp", description: "Data callbacks for a corp with no stored authorization (yet).");
        _ticketStoreFailures = meter.CreateCounter<long>("wecomgw.suite_ticket.store_failures", description: "Suite tickets that could not be written to the store.");
        _relayed = meter.CreateCounter<long>("wecomgw.outbox.relayed", description: "Outbox entries forwarded to the broker by the relay.");
        _outboxEntriesCancelled = meter.CreateCounter<long>("wecomgw.outbox.settled_by_late_confirm", description: "Outbox entries dropped because their original publish was confirmed after all.");
        _duration = meter.CreateHistogram<double>("wecomgw.callbacks.duration", unit: "ms", description: "Time from request to answer.");
        meter.CreateObservableGauge("wecomgw.outbox.depth", () => Interlocked.Read(ref _outboxDepth), description: "Entries waiting in the fallback outbox (as last seen by the relay).");
    }

    public void Accepted(CallbackUrl url, string eventType, string path) =>
        _accepted.Add(1, new("url", url.Label()), new("event", eventType), new("path", path));

    public void Rejected(CallbackRejection reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.Label()));

    public void Duplicate(CallbackUrl url) => _duplicates.Add(1, new KeyValuePair<string, object?>("url", url.Label()));

    public void Unavailable() => _unavailable.Add(1);

    public void DedupeUnavailable() => _dedupeUnavailable.Add(1);

    public void UnknownCorp() => _unknownCorps.Add(1);

    public void TicketStoreFailed() => _ticketStoreFailures.Add(1);

    public void Relayed() => _relayed.Add(1);

    public void SettledByLateConfirm() => _outboxEntriesCancelled.Add(1);

    public void Duration(double milliseconds, string outcome) => _duration.Record(milliseconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void OutboxDepth(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);
}
