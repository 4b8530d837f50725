using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: the same guarantees as <see cref="RedisWelcomeClaimStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryWelcomeClaimStore(TimeProvider time) : IWelcomeClaimStore
{
    private readonly Dictionary<string, (string Value, DateTimeOffset ExpiresAt)> _claims = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<WelcomeClaimOutcome> TryClaimAsync(
        string corpId, string welcomeCode, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var key = Key(corpId, welcomeCode);
        var pending = RedisWelcomeClaimStore.Pending(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(pendingTtl, TimeSpan.FromMilliseconds(1));
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_claims.TryGetValue(key, out var claim) && claim.ExpiresAt > now)
            {
                return Task.FromResult(claim.Value == RedisWelcomeClaimStore.Sent ? WelcomeClaimOutcome.AlreadySent : WelcomeClaimOutcome.InFlight);
            }

            SweepExpired(now);
            _claims[key] = (pending, now + pendingTtl);
            return Task.FromResult(WelcomeClaimOutcome.Claimed);
        }
    }

    public Task CompleteAsync(string corpId, string welcomeCode, TimeSpan keep, CancellationToken cancellationToken)
    {
        var key = Key(corpId, welcomeCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.FromMilliseconds(1));
        lock (_gate)
        {
            _claims[key] = (RedisWelcomeClaimStore.Sent, time.GetUtcNow() + keep);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string corpId, string welcomeCode, string owner, CancellationToken cancellationToken)
    {
        var key = Key(corpId, welcomeCode);
        var pending = RedisWelcomeClaimStore.Pending(owner);
        lock (_gate)
        {
            if (_claims.TryGetValue(key, out var claim) && claim.Value == pending && claim.ExpiresAt > time.GetUtcNow())
            {
                _claims.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    // Keyed like Redis: corp plus fingerprint, never the code.
    private static string Key(string corpId, string welcomeCode) => $"{CorpKeys.Validate(corpId)}:{WelcomeCodes.Fingerprint(welcomeCode)}";

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
