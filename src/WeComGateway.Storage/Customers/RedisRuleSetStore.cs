using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>A hash at <c>wecomgw:{corpId}:rules</c>: <c>json</c> and <c>updated_at</c> (unix ms), no TTL; not written for a corp without a grant.</summary>
public sealed class RedisRuleSetStore(IConnectionMultiplexer redis, TimeProvider time) : IRuleSetStore
{
    internal const string JsonField = "json";
    internal const string UpdatedAtField = "updated_at";

    public async Task<string?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpRules(corpId);
        var value = await RedisCalls.RunAsync("rule set read", () => redis.GetDatabase().HashGetAsync(key, JsonField));
        return value.IsNull ? null : value.ToString();
    }

    public async Task<bool> SetAsync(string corpId, string json, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpRules(corpId);
        ArgumentNullException.ThrowIfNull(json);
        RedisValue[] fields = [JsonField, json, UpdatedAtField, time.GetUtcNow().ToUnixTimeMilliseconds()];
        return (long)await RedisCalls.RunAsync("rule set write", () => redis.GetDatabase().ScriptEvaluateAsync(
            CorpScripts.SetHashFields, [key, RedisKeys.CorpGrants(corpId)], fields)) == 1;
    }

    public Task<bool> DeleteAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpRules(corpId);
        return RedisCalls.RunAsync("rule set delete", () => redis.GetDatabase().KeyDeleteAsync(key));
    }
}
