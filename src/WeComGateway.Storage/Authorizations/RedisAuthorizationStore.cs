using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// A grant is a hash at <c>wecomgw:{corpId}:auth:{suiteId}</c>: <c>suite_id</c>, <c>corp_name</c>,
/// <c>authorized_at</c> (unix ms), <c>active</c> (1/0), <c>inactive_reason</c>, <c>agent_id</c> (when known), and <c>permanent_code_enc</c> — the
/// permanent code encrypted with <see cref="ISecretProtector"/>; the plaintext never reaches Redis. The corp's suites
/// are the set <c>wecomgw:{corpId}:grants</c>, which every write of the corp's data checks. Removing the last grant
/// deletes the corp's fixed keys and the keys its index names (no SCAN), and takes the corp out of the global
/// automation set.
/// </summary>
public sealed class RedisAuthorizationStore(IConnectionMultiplexer redis, ISecretProtector protector) : IAuthorizationStore
{
    internal const string SuiteIdField = "suite_id";
    internal const string CorpNameField = "corp_name";
    internal const string AuthorizedAtField = "authorized_at";
    internal const string ActiveField = "active";
    internal const string InactiveReasonField = "inactive_reason";
    internal const string PermanentCodeField = "permanent_code_enc";
    internal const string AgentIdField = "agent_id";

    private const int DeleteBatch = 500;

    // KEYS: grant, grants, index. ARGV: suite id, field, value, …. Replace, not merge: a field the new record leaves
    // out (corp name, inactive reason) must not survive. The grant set admits the corp's data.
    private const string SaveScript = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('SADD', KEYS[3], KEYS[1])
        return 1
        """;

    // KEYS: grant, grants, index, the grant's corp token. ARGV: suite id.
    // Returns {grant existed (0/1), keys removed, remaining suite, …}.
    private const string RemoveGrantScript = """
        local existed = redis.call('DEL', KEYS[1])
        local removed = existed + redis.call('DEL', KEYS[4])
        redis.call('SREM', KEYS[2], ARGV[1])
        redis.call('SREM', KEYS[3], KEYS[1], KEYS[4])
        local result = {existed, removed}
        for _, suite in ipairs(redis.call('SMEMBERS', KEYS[2])) do table.insert(result, suite) end
        return result
        """;

    // KEYS: grants, index, the other fixed keys. ARGV: batch, corp prefix, 'purge' (drop the grants first) or 'last'.
    // 'last' stops as soon as a grant exists again (the corp authorized a suite meanwhile): {removed, -1}. Otherwise
    // deletes the fixed keys and up to a batch of indexed keys (only names under the corp's prefix; all in the corp's
    // slot). With no grant set, no script writes the corp's data again. Returns {removed, still indexed}.
    private const string RemoveCorpScript = """
        local removed = 0
        if ARGV[3] == 'purge' then
            removed = redis.call('DEL', KEYS[1])
        elseif redis.call('EXISTS', KEYS[1]) == 1 then
            return {0, -1}
        end
        for i = 3, #KEYS do removed = removed + redis.call('DEL', KEYS[i]) end
        local names = redis.call('SPOP', KEYS[2], ARGV[1])
        for _, name in ipairs(names) do
            if string.sub(name, 1, #ARGV[2]) == ARGV[2] then removed = removed + redis.call('DEL', name) end
        end
        return {removed, redis.call('SCARD', KEYS[2])}
        """;

    private const string MarkInactiveScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'active', '0', 'inactive_reason', ARGV[1])
        return 1
        """;

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken)
    {
        var corpId = authorization.CorpId;
        var key = RedisKeys.CorpGrant(CorpKeys.Validate(corpId), authorization.SuiteId);
        var fields = new List<RedisValue>
        {
            authorization.SuiteId,
            SuiteIdField, authorization.SuiteId,
            AuthorizedAtField, authorization.AuthorizedAt.ToUnixTimeMilliseconds(),
            ActiveField, authorization.Active ? "1" : "0",
            PermanentCodeField, protector.Protect(authorization.PermanentCode, SecretBinding.PermanentCode(corpId)),
        };
        if (authorization.CorpName is not null)
        {
            fields.AddRange([CorpNameField, authorization.CorpName]);
        }

        if (authorization.InactiveReason is not null)
        {
            fields.AddRange([InactiveReasonField, authorization.InactiveReason]);
        }

        if (authorization.AgentId is { } agentId)
        {
            fields.AddRange([AgentIdField, agentId]);
        }

        return RedisCalls.RunAsync("authorization save", () => redis.GetDatabase().ScriptEvaluateAsync(
            SaveScript, [key, RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)], [.. fields]));
    }

    public async Task<CorpAuthorization?> GetAsync(string corpId, string suiteId, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.RunAsync("authorization read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.CorpGrant(corpId, suiteId)));
        return entries.Length == 0 ? null : Read(corpId, suiteId, entries);
    }

    public async Task<IReadOnlyList<CorpAuthorization>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var suites = await RedisCalls.RunAsync("grants read", () => database.SetMembersAsync(RedisKeys.CorpGrants(corpId)));
        var grants = new List<CorpAuthorization>(suites.Length);
        foreach (var suiteId in suites.Select(s => s.ToString()).Order(StringComparer.Ordinal))
        {
            if (await GetAsync(corpId, suiteId, cancellationToken) is { } grant)
            {
                grants.Add(grant);
            }
        }

        return grants;
    }

    public Task MarkInactiveAsync(string corpId, string suiteId, string reason, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("authorization deactivate", () => redis.GetDatabase().ScriptEvaluateAsync(
            MarkInactiveScript, [RedisKeys.CorpGrant(corpId, suiteId)], [reason]));

    /// <summary>
    /// Removes the grant and its corp token in one script; when no grant is left, removes the corp as
    /// <see cref="DeleteCorpAsync"/> does, unless a grant appears again between the batches.
    /// </summary>
    public Task<GrantRemoval> RemoveGrantAsync(string corpId, string suiteId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("grant remove", async () =>
        {
            RedisKey[] keys =
            [
                RedisKeys.CorpGrant(corpId, suiteId), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId), RedisKeys.CorpToken(corpId, suiteId),
            ];
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(RemoveGrantScript, keys, [suiteId]))!;
            var remaining = result.Skip(2).Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();
            var removed = (long)result[1];
            if (remaining.Count == 0)
            {
                removed += await RemoveCorpAsync(corpId, purge: false);
            }

            return new GrantRemoval((long)result[0] == 1, remaining, removed);
        });

    /// <summary>
    /// Deletes every grant and key of the corp in batches of scripts (each atomic, all in the corp's slot) until its
    /// key index is empty, then drops the corp from the global automation set (another slot: its own command).
    /// Idempotent: a second call removes nothing.
    /// </summary>
    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("corp delete", () => RemoveCorpAsync(corpId, purge: true));

    private async Task<long> RemoveCorpAsync(string corpId, bool purge)
    {
        var database = redis.GetDatabase();
        RedisKey[] keys =
        [
            RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId),
            .. RedisKeys.CorpFixedKeys(corpId).Where(k => k != RedisKeys.CorpKeyIndex(corpId) && k != RedisKeys.CorpGrants(corpId)),
        ];
        long removed = 0;
        var mode = purge ? "purge" : "last";
        while (true)
        {
            var result = (long[])(await database.ScriptEvaluateAsync(RemoveCorpScript, keys, [DeleteBatch, RedisKeys.CorpPrefix(corpId), mode]))!;
            removed += result[0];
            if (result[1] <= 0)
            {
                if (result[1] < 0)
                {
                    return removed; // authorized again: the corp stays
                }

                break;
            }

            mode = "last"; // later batches: a grant saved meanwhile keeps the rest
        }

        await database.SetRemoveAsync(RedisKeys.AutomationCorps, corpId);
        return removed;
    }

    private CorpAuthorization Read(string corpId, string suiteId, HashEntry[] entries)
    {
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
        var encrypted = Field(fields, PermanentCodeField)
            ?? throw new SecretUnprotectException(SecretBinding.PermanentCode(corpId), "the record has no permanent code");
        return new CorpAuthorization(
            corpId,
            suiteId,
            protector.Unprotect(encrypted, SecretBinding.PermanentCode(corpId)),
            Field(fields, CorpNameField),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field(fields, AuthorizedAtField) ?? "0", CultureInfo.InvariantCulture)),
            Field(fields, ActiveField) != "0",
            Field(fields, InactiveReasonField),
            long.TryParse(Field(fields, AgentIdField), NumberStyles.Integer, CultureInfo.InvariantCulture, out var agentId) ? agentId : null);
    }

    private static string? Field(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNull ? value.ToString() : null;
}
