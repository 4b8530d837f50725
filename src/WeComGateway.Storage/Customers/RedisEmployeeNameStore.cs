using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>One hash at <c>wecomgw:{corpId}:employees</c> (user id → name); not written for a corp without a grant.</summary>
public sealed class RedisEmployeeNameStore(IConnectionMultiplexer redis) : IEmployeeNameStore
{
    private const string RenameScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        local name = redis.call('HGET', KEYS[1], ARGV[1])
        if name then
          redis.call('HDEL', KEYS[1], ARGV[1])
          redis.call('HSET', KEYS[1], ARGV[2], name)
        end
        return 1
        """;

    public async Task<string?> GetAsync(string corpId, string userId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        var value = await RedisCalls.RunAsync("employee name read", () => redis.GetDatabase().HashGetAsync(key, userId));
        return value.IsNull ? null : value.ToString();
    }

    public Task SetAsync(string corpId, string userId, string name, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.RunAsync("employee name write", () => redis.GetDatabase().ScriptEvaluateAsync(
            CorpScripts.SetHashFields, [key, RedisKeys.CorpGrants(corpId)], [userId, name]));
    }

    public Task RenameAsync(string corpId, string userId, string newUserId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.RunAsync("employee rename", () => redis.GetDatabase().ScriptEvaluateAsync(RenameScript, [key, RedisKeys.CorpGrants(corpId)], [userId, newUserId]));
    }

    public Task RemoveAsync(string corpId, string userId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.RunAsync("employee name delete", () => redis.GetDatabase().HashDeleteAsync(key, userId));
    }
}
