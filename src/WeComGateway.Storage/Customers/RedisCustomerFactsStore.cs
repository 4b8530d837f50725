using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>
/// Facts in a hash at <c>wecomgw:{corpId}:customer:{externalUserId}</c> (<c>json</c>, <c>version</c>), named in the
/// corp's key index; the due index in a sorted set at <c>wecomgw:{corpId}:customers:due</c> (member = external user
/// id, score = unix ms); every customer in the set <c>wecomgw:{corpId}:customers:all</c>; corps in the set <c>wecomgw:automation:corps</c>. Writes and claims are Lua scripts over the
/// corp's keys only (one hash slot: Redis Cluster ready), so the fact, its due time and the index change together; the
/// global set, in another slot, is changed by its own single-key command after the script.
/// </summary>
public sealed class RedisCustomerFactsStore(IConnectionMultiplexer redis) : ICustomerFactsStore
{
    internal const string JsonField = "json";
    internal const string VersionField = "version";

    // Versions compare as strings: exact for any long, no Lua number conversion. A corp without a grant takes no
    // write: -1, reported to the caller as done so that a consumer still working on the corp stops instead of retrying.
    private const string WriteScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
        if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'json', ARGV[3], 'version', ARGV[2])
        if ARGV[4] == '' then
            redis.call('ZREM', KEYS[2], ARGV[5])
        else
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
        end
        redis.call('SADD', KEYS[4], KEYS[1])
        redis.call('SADD', KEYS[5], ARGV[5])
        return 1
        """;

    public async Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CustomerFacts(corpId, externalUserId);
        var fields = await RedisCalls.RunAsync("customer facts read", () => redis.GetDatabase().HashGetAsync(key, [JsonField, VersionField]));
        return fields[0].IsNull ? null : new VersionedFacts(fields[0].ToString(), fields[1].IsNull ? 0 : (long)fields[1]);
    }

    public async Task<bool> TryWriteAsync(
        string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(json);
        RedisKey[] keys =
        [
            RedisKeys.CustomerFacts(corpId, externalUserId), RedisKeys.CustomersDue(corpId), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId),
            RedisKeys.CustomersAll(corpId),
        ];
        RedisValue[] values =
        [
            expectedVersion,
            expectedVersion + 1,
            json,
            dueAt is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            externalUserId,
        ];
        var written = (long)await RedisCalls.RunAsync("customer facts write", () => redis.GetDatabase().ScriptEvaluateAsync(WriteScript, keys, values));
        if (written == 1)
        {
            // After the script, not in it: the global set hashes to another slot. A corp removed in between is
            // dropped again by the next ClaimDueAsync (its due index is gone).
            await RedisCalls.RunAsync("automation corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.AutomationCorps, corpId));
        }

        return written != 0;
    }

    public async Task<CustomerPage> ListAsync(string corpId, long cursor, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var database = redis.GetDatabase();
        var all = RedisKeys.CustomersAll(corpId);
        var page = await RedisCalls.RunAsync("customers list", async () =>
            (RedisResult[]?)await database.ExecuteAsync("SSCAN", all, cursor, "COUNT", count) ?? []);
        var next = page.Length > 0 ? long.Parse(page[0].ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var ids = page.Length > 1 ? ((RedisValue[]?)page[1] ?? []).Select(v => v.ToString()).ToList() : [];
        var reads = ids.Select(id => database.HashGetAsync(RedisKeys.CustomerFacts(corpId, id), [JsonField, VersionField])).ToList();
        var facts = await RedisCalls.RunAsync("customers read", () => Task.WhenAll(reads));
        var customers = new List<StoredCustomerFacts>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!facts[i][0].IsNull)
            {
                customers.Add(new StoredCustomerFacts(ids[i], new VersionedFacts(facts[i][0].ToString(), facts[i][1].IsNull ? 0 : (long)facts[i][1])));
            }
        }

        return new CustomerPage(customers, next);
    }

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        var members = await RedisCalls.RunAsync("automation corps read", () => redis.GetDatabase().SetMembersAsync(RedisKeys.AutomationCorps));
        return [.. members.Select(m => m.ToString())];
    }

    public async Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(
        string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        [.. (await DueIndex.ClaimAsync(redis, RedisKeys.CustomersDue(corpId), RedisKeys.AutomationCorps, corpId, now, lease, max, "customers"))
            .Select(id => new CustomerRef(corpId, id))];
}
