using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>Fresh ids and the clean-up the store tests share on the real Redis.</summary>
internal static class StoreRedis
{
    public static string NewCorpId() => "wwcust" + Guid.NewGuid().ToString("N")[..16];

    public static string NewExternalUserId() => "wm" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>cancel_auth as the authorization worker runs it: every key of the corp (<c>wecomgw:{corpId}:…</c>).</summary>
    public static Task<long> CancelAuthAsync(IConnectionMultiplexer redis, string corpId) =>
        new RedisAuthorizationStore(redis, new SecretProtector(RandomNumberGenerator.GetBytes(32))).DeleteCorpAsync(corpId, default);

    /// <summary>Removes everything a test wrote for the corp, including its membership of the global corps set and the tombstone.</summary>
    public static async Task ForgetCorpAsync(IConnectionMultiplexer redis, string corpId)
    {
        await CancelAuthAsync(redis, corpId);
        await redis.GetDatabase().SetRemoveAsync(RedisKeys.AutomationCorps, corpId);
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.CorpTombstone(corpId));
    }

    public static async Task<List<string>> KeysAsync(IConnectionMultiplexer redis, RedisValue pattern)
    {
        var keys = new List<string>();
        var database = redis.GetDatabase().Database;
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database, pattern))
            {
                keys.Add(key.ToString());
            }
        }

        return keys;
    }
}
