using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// A hash at <c>wecomgw:{corpId}:auth</c>: <c>suite_id</c>, <c>corp_name</c>, <c>authorized_at</c> (unix ms),
/// <c>active</c> (1/0), <c>inactive_reason</c>, and <c>permanent_code_enc</c> — the permanent code encrypted with
/// <see cref="ISecretProtector"/>; the plaintext never reaches Redis. Saving an authorization clears the corp's
/// tombstone; removing the corp writes it, deletes the corp's fixed keys and the keys its index names (no SCAN), and
/// takes the corp out of the global automation set.
/// </summary>
public sealed class RedisAuthorizationStore(IConnectionMultiplexer redis, ISecretProtector protector) : IAuthorizationStore
{
    internal const string SuiteIdField = "suite_id";
    internal const string CorpNameField = "corp_name";
    internal const string AuthorizedAtField = "authorized_at";
    internal const string ActiveField = "active";
    internal const string InactiveReasonField = "inactive_reason";
    internal const string PermanentCodeField = "permanent_code_enc";

    private const int DeleteBatch = 500;

    // KEYS: auth, tombstone. ARGV: field, value, …. Replace, not merge: a field the new record leaves out (corp name,
    // inactive reason) must not survive. A new authorization (create_auth) lets the corp's data be written again.
    private const string SaveScript = """
        redis.call('DEL', KEYS[2], KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV))
        return 1
        """;

    // KEYS: tombstone, index, the other fixed keys. ARGV: removal time (unix ms), tombstone TTL (ms), batch, corp prefix.
    // The tombstone comes first, so no script writes the corp's data again; then the fixed keys and up to a batch of
    // indexed keys (all in the corp's slot; only names under the corp's prefix). Returns {removed, still indexed}.
    private const string RemoveScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        local removed = 0
        for i = 3, #KEYS do removed = removed + redis.call('DEL', KEYS[i]) end
        local names = redis.call('SPOP', KEYS[2], ARGV[3])
        for _, name in ipairs(names) do
            if string.sub(name, 1, #ARGV[4]) == ARGV[4] then removed = removed + redis.call('DEL', name) end
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
        var key = RedisKeys.CorpAuthorization(CorpKeys.Validate(authorization.CorpId));
        var fields = new List<RedisValue>
        {
            SuiteIdField, authorization.SuiteId,
            AuthorizedAtField, authorization.AuthorizedAt.ToUnixTimeMilliseconds(),
            ActiveField, authorization.Active ? "1" : "0",
            PermanentCodeField, protector.Protect(authorization.PermanentCode, SecretBinding.PermanentCode(authorization.CorpId)),
        };
        if (authorization.CorpName is not null)
        {
            fields.AddRange([CorpNameField, authorization.CorpName]);
        }

        if (authorization.InactiveReason is not null)
        {
            fields.AddRange([InactiveReasonField, authorization.InactiveReason]);
        }

        return RedisCalls.RunAsync("authorization save", () => redis.GetDatabase().ScriptEvaluateAsync(
            SaveScript, [key, RedisKeys.CorpTombstone(authorization.CorpId)], [.. fields]));
    }

    public async Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.RunAsync("authorization read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.CorpAuthorization(corpId)));
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
        var encrypted = Field(fields, PermanentCodeField);
        if (encrypted is null)
        {
            throw new SecretUnprotectException(SecretBinding.PermanentCode(corpId), "the record has no permanent code");
        }

        return new CorpAuthorization(
            corpId,
            Field(fields, SuiteIdField) ?? string.Empty,
            protector.Unprotect(encrypted, SecretBinding.PermanentCode(corpId)),
            Field(fields, CorpNameField),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field(fields, AuthorizedAtField) ?? "0", CultureInfo.InvariantCulture)),
            Field(fields, ActiveField) != "0",
            Field(fields, InactiveReasonField));
    }

    public Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("authorization deactivate", () => redis.GetDatabase().ScriptEvaluateAsync(
            MarkInactiveScript, [RedisKeys.CorpAuthorization(corpId)], [reason]));

    /// <summary>
    /// Writes the corp's tombstone and deletes its keys in batches of scripts (each atomic, all in the corp's slot),
    /// until its key index is empty; then drops the corp from the global automation set (another slot: its own
    /// command). Idempotent: a second call removes nothing and refreshes the tombstone.
    /// </summary>
    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("corp delete", async () =>
        {
            var database = redis.GetDatabase();
            RedisKey[] keys =
            [
                RedisKeys.CorpTombstone(corpId), RedisKeys.CorpKeyIndex(corpId),
                .. RedisKeys.CorpFixedKeys(corpId).Where(k => k != RedisKeys.CorpKeyIndex(corpId)),
            ];
            RedisValue[] values =
            [
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), (long)CorpKeys.TombstoneRetention.TotalMilliseconds, DeleteBatch, RedisKeys.CorpPrefix(corpId),
            ];
            long removed = 0;
            while (true)
            {
                var result = (long[])(await database.ScriptEvaluateAsync(RemoveScript, keys, values))!;
                removed += result[0];
                if (result[1] == 0)
                {
                    break;
                }
            }

            await database.SetRemoveAsync(RedisKeys.AutomationCorps, corpId);
            return removed;
        });

    private static string? Field(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNull ? value.ToString() : null;
}
