using System.Globalization;

namespace WeComGateway.Storage.Outbox;

/// <summary>
/// The embedded default. The in-memory transport cannot be down, so this only exists to keep one code path; it is not
/// durable across restarts. The relay lease expires on <see cref="TimeProvider"/>, as Redis's does.
/// </summary>
public sealed class InMemoryCallbackOutbox(TimeProvider time) : ICallbackOutbox
{
    private readonly SortedDictionary<long, OutboxEntry> _entries = [];
    private readonly Lock _gate = new();
    private long _nextId;
    private (string Owner, DateTimeOffset ExpiresAt)? _lease;

    public Task<string> AppendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            _entries.Add(id, entry);
            return Task.FromResult(id.ToString(CultureInfo.InvariantCulture));
        }
    }

    public Task<IReadOnlyList<StoredOutboxEntry>> ReadOldestAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredOutboxEntry> oldest = _entries
                .Take(count)
                .Select(e => new StoredOutboxEntry(e.Key.ToString(CultureInfo.InvariantCulture), e.Value))
                .ToList();
            return Task.FromResult(oldest);
        }
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _entries.Remove(long.Parse(id, CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_entries.Count);
        }
    }

    public Task<bool> TryAcquireRelayLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_lease is { } held && held.ExpiresAt > now && held.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _lease = (owner, now + ttl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseRelayLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lease?.Owner == owner)
            {
                _lease = null;
            }
        }

        return Task.CompletedTask;
    }
}
