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

    /// <summary>Every key of the corp (<c>wecomgw:{corpId}:…</c>), as the last cancel_auth removes them.</summary>
    public static Task<long> CancelAuthAsync(IConnectionMultiplexer redis, string corpId) =>
        new RedisAuthorizationStore(redis, new SecretProtector(RandomNumberGenerator.GetBytes(32))).DeleteCorpAsync(corpId, default);

    /// <summary>Removes everything a test wrote for the corp, including its membership of the global corps set.</summary>
    public static async Task ForgetCorpAsync(IConnectionMultiplexer redis, string corpId)
    {
        await CancelAuthAsync(redis, corpId);
        await redis.GetDatabase().SetRemoveAsync(RedisKeys.AutomationCorps, corpId);
    }

    /// <summary>The corp holds a grant (a throwaway one): the stores write its data only then.</summary>
    public static Task AuthorizeAsync(IConnectionMultiplexer redis, string corpId) =>
        new RedisAuthorizationStore(redis, new SecretProtector(RandomNumberGenerator.GetBytes(32)))
            .SaveAsync(new CorpAuthorization(corpId, "wwsuite-test", "perm-" + corpId, null, DateTimeOffset.UtcNow), default);

    /// <summary>An in-memory store as the in-memory authorization store leaves it once the corps hold a grant.</summary>
    public static T Admit<T>(T store, params string[] corpIds)
        where T : IInMemoryCorpData
    {
        foreach (var corpId in corpIds)
        {
            store.AdmitCorp(corpId);
        }

        return store;
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
