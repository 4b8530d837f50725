namespace WeComGateway.Storage.Outbox;

/// <summary>An event that could not be confirmed by the broker in time, kept until the relay forwards it.</summary>
/// <param name="MessageType">The contract's full type name.</param>
/// <param name="Body">The contract serialized as JSON (no secrets: contracts carry none).</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the span that spooled the event, so the relay continues its trace.</param>
public sealed record OutboxEntry(
    string MessageType, string Body, string DedupeKey, string SuiteId, string? CorpId, DateTimeOffset AppendedAt, string? TraceParent = null);

public sealed record StoredOutboxEntry(string Id, OutboxEntry Entry);

/// <summary>
/// The fallback outbox: an append-only, ordered log (a Redis stream in production). Throws
/// <see cref="StoreUnavailableException"/> when it cannot be reached.
/// </summary>
public interface ICallbackOutbox
{
    /// <returns>The entry id (stream id), used to remove it once forwarded.</returns>
    Task<string> AppendAsync(OutboxEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredOutboxEntry>> ReadOldestAsync(int count, CancellationToken cancellationToken);

    Task RemoveAsync(string id, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>One relay at a time across replicas, so entries are forwarded in order.</summary>
    Task<bool> TryAcquireRelayLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken);

    Task ReleaseRelayLeaseAsync(string owner, CancellationToken cancellationToken);
}
