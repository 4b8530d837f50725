using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: snapshots expire by <see cref="TimeProvider"/>, lost on restart.</summary>
public sealed class InMemoryCorpTagCache(TimeProvider time) : InMemoryCorpData, ICorpTagCache
{
    private readonly ConcurrentDictionary<string, (string Json, DateTimeOffset ExpiresAt)> _snapshots = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        if (!_snapshots.TryGetValue(corpId, out var snapshot))
        {
            return Task.FromResult<string?>(null);
        }

        if (snapshot.ExpiresAt > time.GetUtcNow())
        {
            return Task.FromResult<string?>(snapshot.Json);
        }

        _snapshots.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(corpId, snapshot)); // only if not replaced meanwhile
        return Task.FromResult<string?>(null);
    }

    public Task SetAsync(string corpId, string json, TimeSpan ttl, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
        lock (Gate)
        {
            if (IsAdmitted(corpId))
            {
                _snapshots[corpId] = (json, time.GetUtcNow() + ttl);
            }
        }

        return Task.CompletedTask;
    }

    public Task InvalidateAsync(string corpId, CancellationToken cancellationToken)
    {
        _snapshots.TryRemove(CorpKeys.Validate(corpId), out _);
        return Task.CompletedTask;
    }

    protected override long RemoveCorp(string corpId)
    {
        return _snapshots.TryRemove(corpId, out _) ? 1 : 0;
    }

}
