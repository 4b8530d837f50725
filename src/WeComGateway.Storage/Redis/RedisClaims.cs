using StackExchange.Redis;

namespace WeComGateway.Storage.Redis;

/// <summary>
/// The two-phase claim both the callback dedupe and the welcome codes use: <c>SET NX PX</c> a pending value owned by
/// one caller, overwritten with a final value once the work is done, deleted by its owner only when the work failed.
/// </summary>
internal static class RedisClaims
{
    /// <summary>What <see cref="TryClaimAsync"/> returns when this caller got the claim.</summary>
    public const string Claimed = "claimed";

    // SET NX PX; on conflict report the current value so one round trip says claimed / final / in flight.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
        return redis.call('GET', KEYS[1]) or 'vanished'
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary><see cref="Claimed"/>, or the value that holds the key (another owner's pending value, or the final one).</summary>
    public static async Task<string> TryClaimAsync(IConnectionMultiplexer redis, string operation, RedisKey key, string pending, TimeSpan ttl)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = (string?)await RedisCalls.Run(operation, () => redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript, [key], [pending, (long)ttl.TotalMilliseconds]));
            if (result is not (null or "vanished"))
            {
                return result;
            }

            // expired between SET and GET: try again
        }

        return pending + ":contended";
    }

    /// <summary>Deletes the claim only while it is still <paramref name="pending"/> (compare-and-delete).</summary>
    public static Task ReleaseAsync(IConnectionMultiplexer redis, string operation, RedisKey key, string pending) =>
        RedisCalls.Run(operation, () => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [pending]));
}
