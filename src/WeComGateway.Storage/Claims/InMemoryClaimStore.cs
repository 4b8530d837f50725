using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Claims;

/// <summary>The embedded default: the same answers as <see cref="RedisClaimStore"/> within one process, TTLs on <see cref="TimeProvider"/>.</summary>
public sealed class InMemoryClaimStore(TimeProvider time) : InMemoryCorpData, IClaimStore
{
    private readonly Dictionary<string, (string Value, DateTimeOffset ExpiresAt)> _claims = new(StringComparer.Ordinal);

    public Task<ClaimOutcome> TryClaimAsync(ClaimKey key, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var pending = ClaimValues.Pending(owner);
        ClaimValues.CheckTtl(pendingTtl);
        lock (Gate)
        {
            var now = time.GetUtcNow();
            if (key.CorpId is { } corpId && !IsAdmitted(corpId))
            {
                return Task.FromResult(ClaimOutcome.Claimed); // as in Redis: claimed, nothing stored for a corp without a grant
            }

            if (Live(key, now) is { } value)
            {
                return Task.FromResult(value == key.FinalValue ? ClaimOutcome.AlreadyFinalized : ClaimOutcome.InFlight);
            }

            SweepExpired(now);
            _claims[key.Key] = (pending, now + pendingTtl);
            return Task.FromResult(ClaimOutcome.Claimed);
        }
    }

    public Task FinalizeAsync(ClaimKey key, TimeSpan keep, CancellationToken cancellationToken)
    {
        ClaimValues.CheckTtl(keep);
        lock (Gate)
        {
            if (key.CorpId is not { } corpId || IsAdmitted(corpId))
            {
                _claims[key.Key] = (key.FinalValue, time.GetUtcNow() + keep);
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken)
    {
        var pending = ClaimValues.Pending(owner);
        lock (Gate)
        {
            if (Live(key, time.GetUtcNow()) == pending)
            {
                _claims.Remove(key.Key);
            }
        }

        return Task.CompletedTask;
    }

    protected override long RemoveCorp(string corpId)
    {
        var prefix = RedisKeys.CorpPrefix(corpId);
        var keys = _claims.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        keys.ForEach(k => _claims.Remove(k));
        return keys.Count;
    }


    private string? Live(ClaimKey key, DateTimeOffset now) =>
        _claims.TryGetValue(key.Key, out var claim) && claim.ExpiresAt > now ? claim.Value : null;

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
