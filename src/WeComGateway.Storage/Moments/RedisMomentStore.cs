using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Moments;

/// <summary>
/// Moments as JSON in the hash <c>wecomgw:{corpId}:moments</c> (id → record), due in the sorted set
/// <c>wecomgw:{corpId}:moments:due</c> (unix ms), both fixed names; the corps with due moments in
/// <c>wecomgw:moments:corps</c>. Create and update are one Lua script each that checks the grant (and, for an update,
/// the stored record's <c>version</c>) and moves the due index with the record.
/// </summary>
public sealed class RedisMomentStore(IConnectionMultiplexer redis) : IMomentStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: moments, due, grants. ARGV: id, json, due ms.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return {'no_grant'} end
        local existing = redis.call('HGET', KEYS[1], ARGV[1])
        if existing then return {'exists', existing} end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return {'created'}
        """;

    // KEYS: moments, due, grants. ARGV: id, expected version, json, due ms ('' = out of the index).
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        local raw = redis.call('HGET', KEYS[1], ARGV[1])
        if not raw then return 0 end
        if tonumber(cjson.decode(raw).version) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
        return 1
        """;

    public async Task<(MomentCreateResult Result, Moment? Moment)> CreateAsync(string corpId, Moment moment, DateTimeOffset due, CancellationToken cancellationToken)
    {
        MomentIds.Validate(moment.Id);
        var stored = moment with { Version = 1 };
        RedisKey[] keys = [RedisKeys.Moments(corpId), RedisKeys.MomentsDue(corpId), RedisKeys.CorpGrants(corpId)];
        var answer = (RedisValue[])(await RedisCalls.RunAsync("moment create", () => redis.GetDatabase().ScriptEvaluateAsync(
            CreateScript, keys, [moment.Id, JsonSerializer.Serialize(stored, Json), due.ToUnixTimeMilliseconds()])))!;
        switch (answer[0].ToString())
        {
            case "no_grant":
                return (MomentCreateResult.NoGrant, null);
            case "exists":
                return (MomentCreateResult.Exists, Read(answer[1]));
            default:
                await RedisCalls.RunAsync("moment corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.MomentCorps, corpId));
                return (MomentCreateResult.Created, stored);
        }
    }

    public async Task<Moment?> GetAsync(string corpId, string momentId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Moments(corpId);
        var raw = await RedisCalls.RunAsync("moment read", () => redis.GetDatabase().HashGetAsync(key, MomentIds.Validate(momentId)));
        return Read(raw);
    }

    public async Task<IReadOnlyList<Moment>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Moments(corpId);
        var values = await RedisCalls.RunAsync("moment list", () => redis.GetDatabase().HashValuesAsync(key));
        return [.. values.Select(v => Read(v)!).OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    public async Task<Moment?> UpdateAsync(string corpId, Moment updated, long expectedVersion, DateTimeOffset? nextDue, CancellationToken cancellationToken)
    {
        MomentIds.Validate(updated.Id);
        var stored = updated with { Version = expectedVersion + 1 };
        RedisKey[] keys = [RedisKeys.Moments(corpId), RedisKeys.MomentsDue(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue due = nextDue is { } at ? at.ToUnixTimeMilliseconds() : string.Empty;
        var written = (long)await RedisCalls.RunAsync("moment update", () => redis.GetDatabase().ScriptEvaluateAsync(
            UpdateScript, keys, [updated.Id, expectedVersion, JsonSerializer.Serialize(stored, Json), due]));
        if (written == 0)
        {
            return null;
        }

        if (nextDue is not null)
        {
            await RedisCalls.RunAsync("moment corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.MomentCorps, corpId));
        }

        return stored;
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        DueIndex.ClaimAsync(redis, RedisKeys.MomentsDue(corpId), RedisKeys.MomentCorps, corpId, now, lease, max, "moments");

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        var members = await RedisCalls.RunAsync("moment corps read", () => redis.GetDatabase().SetMembersAsync(RedisKeys.MomentCorps));
        return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
    }

    private static Moment? Read(RedisValue raw) => raw.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Moment>(raw.ToString(), Json);
}
