using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Dedupe;

public sealed class RedisDedupeStore(IConnectionMultiplexer redis) : IDedupeStore
{
    internal const string Completed = "done";

    public async Task<ClaimOutcome> TryClaimAsync(string dedupeKey, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Dedupe(dedupeKey);
        var pending = Pending(owner);
        return await RedisClaims.TryClaimAsync(redis, "dedupe claim", key, pending, pendingTtl) switch
        {
            RedisClaims.Claimed => ClaimOutcome.Claimed,
            Completed => ClaimOutcome.AlreadyCompleted,
            _ => ClaimOutcome.InFlight,
        };
    }

    public Task CompleteAsync(string dedupeKey, TimeSpan completedTtl, CancellationToken cancellationToken) =>
        RedisCalls.Run("dedupe complete", () => redis.GetDatabase().StringSetAsync(RedisKeys.Dedupe(dedupeKey), Completed, completedTtl));

    public Task ReleaseAsync(string dedupeKey, string owner, CancellationToken cancellationToken) =>
        RedisClaims.ReleaseAsync(redis, "dedupe release", RedisKeys.Dedupe(dedupeKey), Pending(owner));

    private static string Pending(string owner) => "pending:" + owner;
}
