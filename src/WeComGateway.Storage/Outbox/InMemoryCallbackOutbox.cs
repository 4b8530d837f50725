using System.Globalization;

namespace WeComGateway.Storage.Outbox;

/// <summary>
/// The embedded default. The in-memory transport cannot be down, so this only exists to keep one code path; it is not
/// durable across restarts.
/// </summary>
public sealed class InMemoryCallbackOutbox : ICallbackOutbox
{
    private readonly SortedDictionary<long, OutboxEntry> _entries = [];
    private readonly Lock _gate = new();
    private long _nextId;

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

    public Task<bool> TryAcquireRelayLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseRelayLeaseAsync(string owner, CancellationToken cancellationToken) => Task.CompletedTask;
}
