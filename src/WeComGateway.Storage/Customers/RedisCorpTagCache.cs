using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>A string at <c>wecomgw:{corpId}:tags</c> holding the caller's JSON, with PX = the TTL; not written for a corp without a grant.</summary>
public sealed class RedisCorpTagCache(IConnectionMultiplexer redis) : ICorpTagCache
{
    public async Task<string?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpTags(corpId);
        var value = await RedisCalls.RunAsync("corp tags read", () => redis.GetDatabase().StringGetAsync(key));
        return value.IsNull ? null : value.ToString();
    }

    public Task SetAsync(string corpId, string json, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpTags(corpId);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
        return RedisCalls.RunAsync("corp tags write", () => redis.GetDatabase().ScriptEvaluateAsync(
            CorpScripts.SetString, [key, RedisKeys.CorpGrants(corpId)], [json, (long)Math.Ceiling(ttl.TotalMilliseconds)]));
    }

    public Task InvalidateAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpTags(corpId);
        return RedisCalls.RunAsync("corp tags invalidate", () => redis.GetDatabase().KeyDeleteAsync(key));
    }
}
