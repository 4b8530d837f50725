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

    // SET NX PX; on conflict report the current value so one round-trip says claimed / sent / in flight.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
        return redis.call('GET', KEYS[1]) or 'vanished'
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<WelcomeClaimOutcome> TryClaimAsync(
        string corpId, string welcomeCode, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
    {
        var key = RedisKeys.WelcomeClaim(corpId, welcomeCode);
        var pending = Pending(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(pendingTtl, TimeSpan.FromMilliseconds(1));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = (string?)await RedisCalls.Run("welcome claim", () => redis.GetDatabase().ScriptEvaluateAsync(
                ClaimScript, [key], [pending, (long)pendingTtl.TotalMilliseconds]));
            switch (result)
            {
                case "claimed":
                    return WelcomeClaimOutcome.Claimed;
                case Sent:
                    return WelcomeClaimOutcome.AlreadySent;
                case "vanished":
                    continue; // expired between SET and GET: try again
                default:
                    return WelcomeClaimOutcome.InFlight;
            }
        }

        return WelcomeClaimOutcome.InFlight;
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
        return RedisCalls.Run("welcome release", () => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [pending]));
    }

    internal static string Pending(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return "pending:" + owner;
    }
}
