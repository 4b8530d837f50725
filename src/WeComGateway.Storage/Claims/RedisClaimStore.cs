using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Claims;

/// <summary>
/// A string at the claim's key: <c>pending:{owner}</c> (PX = the pending TTL) while the owner works, then the claim's
/// final value (PX = keep). A corp's claim (a welcome code) is named in the corp's key index when written; a
/// claim of a corp without a grant is never written (it answers claimed, and its finalize writes nothing): the caller's next step, a call
/// to WeCom, finds no authorization of the corp, as any other late event of an uninstalled corp does.
/// </summary>
public sealed class RedisClaimStore(IConnectionMultiplexer redis) : IClaimStore
{
    // SET NX PX; on conflict report the current value, so one round trip says claimed / final / in flight.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
        return redis.call('GET', KEYS[1]) or 'vanished'
        """;

    // KEYS: claim, the corp's grants, index.
    private const string CorpClaimScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 'claimed' end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
            redis.call('SADD', KEYS[3], KEYS[1])
            return 'claimed'
        end
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
            var found = (string?)await RedisCalls.RunAsync("claim", () => key.CorpId is { } corpId
                ? redis.GetDatabase().ScriptEvaluateAsync(
                    CorpClaimScript,
                    [key.Key, RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)],
                    [pending, (long)pendingTtl.TotalMilliseconds])
                : redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [key.Key], [pending, (long)pendingTtl.TotalMilliseconds]));
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
        if (key.CorpId is { } corpId)
        {
            return RedisCalls.RunAsync("claim finalize", () => redis.GetDatabase().ScriptEvaluateAsync(
                CorpScripts.SetIndexedString,
                [key.Key, RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)],
                [key.FinalValue, (long)Math.Ceiling(keep.TotalMilliseconds)]));
        }

        return RedisCalls.RunAsync("claim finalize", () => redis.GetDatabase().StringSetAsync(key.Key, key.FinalValue, keep));
    }

    public Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken)
    {
        var pending = ClaimValues.Pending(owner);
        return RedisCalls.RunAsync("claim release", () => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key.Key], [pending]));
    }
}
