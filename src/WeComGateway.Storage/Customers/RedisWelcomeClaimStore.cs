using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>
/// A string at <c>wecomgw:corp:{corpId}:welcome:{fingerprint}</c>: <c>pending:{owner}</c> (PX = the claim's TTL) while a
/// worker sends, then <c>sent</c> (PX = keep).
/// </summary>
public sealed class RedisWelcomeClaimStore(IConnectionMultiplexer redis) : IWelcomeClaimStore
{
    internal const string Sent = "sent";

    public async Task<WelcomeClaimOutcome> TryClaimAsync(
        string corpId, string welcomeCode, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var key = RedisKeys.WelcomeClaim(corpId, welcomeCode);
        var pending = Pending(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(pendingTtl, TimeSpan.FromMilliseconds(1));
        return await RedisClaims.TryClaimAsync(redis, "welcome claim", key, pending, pendingTtl) switch
        {
            RedisClaims.Claimed => WelcomeClaimOutcome.Claimed,
            Sent => WelcomeClaimOutcome.AlreadySent,
            _ => WelcomeClaimOutcome.InFlight,
        };
    }

    public Task CompleteAsync(string corpId, string welcomeCode, TimeSpan keep, CancellationToken cancellationToken)
    {
        var key = RedisKeys.WelcomeClaim(corpId, welcomeCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.FromMilliseconds(1));
        return RedisCalls.Run("welcome complete", () => redis.GetDatabase().StringSetAsync(key, Sent, keep));
    }

    public Task ReleaseAsync(string corpId, string welcomeCode, string owner, CancellationToken cancellationToken)
    {
        var key = RedisKeys.WelcomeClaim(corpId, welcomeCode);
        var pending = Pending(owner);
        return RedisClaims.ReleaseAsync(redis, "welcome release", key, pending);
    }

    internal static string Pending(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return "pending:" + owner;
    }
}
