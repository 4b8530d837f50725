using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Tokens;

/// <summary>
/// A string at <c>wecomgw:{cacheKey}</c> holding <c>{expiresUnixMs}|{token}</c> with PX = the remaining lifetime;
/// locks at <c>wecomgw:lock:{name}</c> through the client's LockTake/LockRelease (SET NX PX, compare-and-delete). A
/// corp's token (a cache key starting with <c>{corpId}:</c>, so the key is one of the corp's) is written by a script
/// that names it in the corp's key index and writes nothing for a corp without a grant; every other key is used alone.
/// </summary>
public sealed class RedisTokenStore(IConnectionMultiplexer redis, TimeProvider time) : ITokenStore
{
    // Compares only the token part, so the caller never needs to know the expiry that was stored with it.
    private const string DeleteIfValueScript = """
        local stored = redis.call('GET', KEYS[1])
        if not stored then return 0 end
        local bar = string.find(stored, '|', 1, true)
        if bar and string.sub(stored, bar + 1) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<CachedToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await RedisCalls.RunAsync("token read", () => redis.GetDatabase().StringGetAsync(Key(key)));
        if (stored.IsNullOrEmpty || !TryParse(stored.ToString(), out var token))
        {
            return null;
        }

        return token.ExpiresAt > time.GetUtcNow() ? token : null;
    }

    public Task SetAsync(string key, CachedToken token, CancellationToken cancellationToken)
    {
        var ttl = token.ExpiresAt - time.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var value = string.Create(CultureInfo.InvariantCulture, $"{token.ExpiresAt.ToUnixTimeMilliseconds()}|{token.Value}");
        var redisKey = Key(key);
        if (RedisKeys.CorpOf(redisKey.ToString()) is { } corpId)
        {
            return RedisCalls.RunAsync("token write", () => redis.GetDatabase().ScriptEvaluateAsync(
                CorpScripts.SetIndexedString,
                [redisKey, RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)],
                [value, (long)Math.Ceiling(ttl.TotalMilliseconds)]));
        }

        return RedisCalls.RunAsync("token write", () => redis.GetDatabase().StringSetAsync(redisKey, value, ttl));
    }

    public async Task<bool> DeleteIfValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        var deleted = await RedisCalls.RunAsync("token invalidate", () => redis.GetDatabase().ScriptEvaluateAsync(
            DeleteIfValueScript, [Key(key)], [value]));
        return (long)deleted == 1;
    }

    public Task<bool> TryAcquireLockAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("token lock", () => redis.GetDatabase().LockTakeAsync(RedisKeys.Lock(name), owner, ttl));

    public Task ReleaseLockAsync(string name, string owner, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("token unlock", () => redis.GetDatabase().LockReleaseAsync(RedisKeys.Lock(name), owner));

    internal static RedisKey Key(string cacheKey) => RedisKeys.Prefix + cacheKey;

    private static bool TryParse(string stored, out CachedToken token)
    {
        var bar = stored.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && long.TryParse(stored.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs))
        {
            token = new CachedToken(stored[(bar + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(expiresMs));
            return true;
        }

        token = null!;
        return false;
    }
}
