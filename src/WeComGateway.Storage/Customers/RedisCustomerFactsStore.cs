using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>
/// Facts in a hash at <c>wecomgw:corp:{corpId}:customer:{externalUserId}</c> (<c>json</c>, <c>version</c>); the due
/// index in a sorted set at <c>wecomgw:corp:{corpId}:customers:due</c> (member = external user id, score = unix ms);
/// corps in the set <c>wecomgw:automation:corps</c>. Writes and claims are Lua scripts, so the fact, its due time and
/// the corp's membership change together (single Redis node: the keys span hash slots).
/// </summary>
public sealed class RedisCustomerFactsStore(IConnectionMultiplexer redis) : ICustomerFactsStore
{
    internal const string JsonField = "json";
    internal const string VersionField = "version";

    // Versions compare as strings: exact for any long, no Lua number conversion.
    private const string WriteScript = """
        if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'json', ARGV[3], 'version', ARGV[2])
        if ARGV[4] == '' then
            redis.call('ZREM', KEYS[2], ARGV[5])
        else
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
        end
        redis.call('SADD', KEYS[3], ARGV[6])
        return 1
        """;

    // No due index left (all customers undue, or cancel_auth deleted it): the corp leaves the global set.
    private const string ClaimDueScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
            redis.call('SREM', KEYS[2], ARGV[4])
            return {}
        end
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, member in ipairs(due) do
            redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member)
        end
        return due
        """;

    public async Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CustomerFacts(corpId, externalUserId);
        var fields = await RedisCalls.Run("customer facts read", () => redis.GetDatabase().HashGetAsync(key, [JsonField, VersionField]));
        return fields[0].IsNull ? null : new VersionedFacts(fields[0].ToString(), fields[1].IsNull ? 0 : (long)fields[1]);
    }

    public async Task<bool> TryWriteAsync(
        string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(json);
        RedisKey[] keys = [RedisKeys.CustomerFacts(corpId, externalUserId), RedisKeys.CustomersDue(corpId), RedisKeys.AutomationCorps];
        RedisValue[] values =
        [
            expectedVersion,
            expectedVersion + 1,
            json,
            dueAt is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            externalUserId,
            corpId,
        ];
        var written = await RedisCalls.Run("customer facts write", () => redis.GetDatabase().ScriptEvaluateAsync(WriteScript, keys, values));
        return (long)written == 1;
    }

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        var members = await RedisCalls.Run("automation corps read", () => redis.GetDatabase().SetMembersAsync(RedisKeys.AutomationCorps));
        return [.. members.Select(m => m.ToString())];
    }

    public async Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(
        string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        RedisKey[] keys = [RedisKeys.CustomersDue(corpId), RedisKeys.AutomationCorps];
        RedisValue[] values = [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max, CorpKeys.Validate(corpId)];
        var claimed = await RedisCalls.Run("customers claim due", () => redis.GetDatabase().ScriptEvaluateAsync(ClaimDueScript, keys, values));
        return [.. ((RedisValue[]?)claimed ?? []).Select(member => new CustomerRef(corpId, member.ToString()))];
    }
}
