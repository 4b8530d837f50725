using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Dedupe;

public sealed class RedisDedupeStore(IConnectionMultiplexer redis) : IDedupeStore
{
    internal const string Completed = "done";

    // SET NX PX; on conflict report the current value so one round-trip says claimed / done / in flight.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
        return redis.call('GET', KEYS[1]) or 'vanished'
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<ClaimOutcome> TryClaimAsync(string dedupeKey, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Dedupe(dedupeKey);
        var pending = Pending(owner);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = (string?)await RedisCalls.Run("dedupe claim", () => redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript, [key], [pending, (long)pendingTtl.TotalMilliseconds]));
            switch (result)
            {
                case "claimed":
                    return ClaimOutcome.Claimed;
                case Completed:
                    return ClaimOutcome.AlreadyCompleted;
                case "vanished":
                    continue; // expired between SET and GET: try again
                default:
                    return ClaimOutcome.InFlight;
            }
        }

        return ClaimOutcome.InFlight;
    }

    public Task CompleteAsync(string dedupeKey, TimeSpan completedTtl, CancellationToken cancellationToken) =>
        RedisCalls.Run("dedupe complete", () => redis.GetDatabase().StringSetAsync(RedisKeys.Dedupe(dedupeKey), Completed, completedTtl));

    public Task ReleaseAsync(string dedupeKey, string owner, CancellationToken cancellationToken) =>
        RedisCalls.Run("dedupe release", () => redis.GetDatabase().ScriptEvaluateAsync(
            ReleaseScript, [RedisKeys.Dedupe(dedupeKey)], [Pending(owner)]));

    private static string Pending(string owner) => "pending:" + owner;
}
