using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

public sealed class RedisEmployeeNameStore(IConnectionMultiplexer redis) : IEmployeeNameStore
{
    private const string RenameScript = """
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
        var value = await RedisCalls.Run("employee name read", () => redis.GetDatabase().HashGetAsync(key, userId));
        return value.IsNull ? null : value.ToString();
    }

    public Task SetAsync(string corpId, string userId, string name, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.Run("employee name write", () => redis.GetDatabase().HashSetAsync(key, userId, name));
    }

    public Task RenameAsync(string corpId, string userId, string newUserId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.Run("employee rename", () => redis.GetDatabase().ScriptEvaluateAsync(RenameScript, [key], [userId, newUserId]));
    }

    public Task RemoveAsync(string corpId, string userId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpEmployees(corpId);
        return RedisCalls.Run("employee name delete", () => redis.GetDatabase().HashDeleteAsync(key, userId));
    }
}
