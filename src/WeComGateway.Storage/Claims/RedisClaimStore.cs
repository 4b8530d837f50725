using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Claims;

/// <summary>
/// A string at the claim's key: <c>pending:{owner}</c> (PX = the pending TTL) while the owner works, then the claim's
/// final value (PX = keep).
/// </summary>
public sealed class RedisClaimStore(IConnectionMultiplexer redis) : IClaimStore
{
    // SET NX PX; on conflict report the current value, so one round trip says claimed / final / in flight.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
        return redis.call('GET', KEYS[1]) or 'vanished'
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<ClaimOutcome> TryClaimAsync(ClaimKey key, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var pending = ClaimValues.Pending(owner);
        ClaimValues.CheckTtl(pendingTtl);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = (string?)await RedisCalls.Run("claim", () => redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript, [key.Key], [pending, (long)pendingTtl.TotalMilliseconds]));
            switch (found)
            {
                case "claimed":
                    return ClaimOutcome.Claimed;
                case null or "vanished":
                    continue; // expired between SET and GET: try again
                default:
                    return found == key.FinalValue ? ClaimOutcome.AlreadyFinalized : ClaimOutcome.InFlight;
            }
        }

        return ClaimOutcome.InFlight;
    }

    public Task FinalizeAsync(ClaimKey key, TimeSpan keep, CancellationToken cancellationToken)
    {
        ClaimValues.CheckTtl(keep);
        return RedisCalls.Run("claim finalize", () => redis.GetDatabase().StringSetAsync(key.Key, key.FinalValue, keep));
    }

    public Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken)
    {
        var pending = ClaimValues.Pending(owner);
        return RedisCalls.Run("claim release", () => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key.Key], [pending]));
    }
}
