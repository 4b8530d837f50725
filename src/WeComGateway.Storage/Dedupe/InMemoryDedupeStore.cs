namespace WeComGateway.Storage.Dedupe;

/// <summary>The embedded default: same semantics as Redis, lost on restart.</summary>
public sealed class InMemoryDedupeStore(TimeProvider time) : IDedupeStore
{
    private readonly Dictionary<string, (string Value, DateTimeOffset ExpiresAt)> _claims = [];
    private readonly Lock _gate = new();

    public Task<ClaimOutcome> TryClaimAsync(string dedupeKey, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_claims.TryGetValue(dedupeKey, out var claim) && claim.ExpiresAt > now)
            {
                return Task.FromResult(claim.Value == RedisDedupeStore.Completed ? ClaimOutcome.AlreadyCompleted : ClaimOutcome.InFlight);
            }

            _claims[dedupeKey] = ("pending:" + owner, now + pendingTtl);
            SweepExpired(now);
            return Task.FromResult(ClaimOutcome.Claimed);
        }
    }

    public Task CompleteAsync(string dedupeKey, TimeSpan completedTtl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _claims[dedupeKey] = (RedisDedupeStore.Completed, time.GetUtcNow() + completedTtl);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string dedupeKey, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue(dedupeKey, out var claim) && claim.Value == "pending:" + owner)
            {
                _claims.Remove(dedupeKey);
            }
        }

        return Task.CompletedTask;
    }

    private void SweepExpired(DateTimeOffset now)
    {
        if (_claims.Count % 1024 != 0)
        {
            return;
        }

        foreach (var expired in _claims.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList())
        {
            _claims.Remove(expired);
        }
    }
}
