using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// A hash at <c>wecomgw:corp:{corpId}:auth</c>: <c>suite_id</c>, <c>corp_name</c>, <c>authorized_at</c> (unix ms),
/// <c>active</c> (1/0), <c>inactive_reason</c>, and <c>permanent_code_enc</c> — the permanent code encrypted with
/// <see cref="ISecretProtector"/>; the plaintext never reaches Redis.
/// </summary>
public sealed class RedisAuthorizationStore(IConnectionMultiplexer redis, ISecretProtector protector) : IAuthorizationStore
{
    internal const string SuiteIdField = "suite_id";
    internal const string CorpNameField = "corp_name";
    internal const string AuthorizedAtField = "authorized_at";
    internal const string ActiveField = "active";
    internal const string InactiveReasonField = "inactive_reason";
    internal const string PermanentCodeField = "permanent_code_enc";

    private const int DeleteBatch = 250;

    private const string MarkInactiveScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'active', '0', 'inactive_reason', ARGV[1])
        return 1
        """;

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CorpAuthorization(CorpKeys.Validate(authorization.CorpId));
        var fields = new List<HashEntry>
        {
            new(SuiteIdField, authorization.SuiteId),
            new(AuthorizedAtField, authorization.AuthorizedAt.ToUnixTimeMilliseconds()),
            new(ActiveField, authorization.Active ? "1" : "0"),
            new(PermanentCodeField, protector.Protect(authorization.PermanentCode, SecretBinding.PermanentCode(authorization.CorpId))),
        };
        if (authorization.CorpName is not null)
        {
            fields.Add(new(CorpNameField, authorization.CorpName));
        }

        if (authorization.InactiveReason is not null)
        {
            fields.Add(new(InactiveReasonField, authorization.InactiveReason));
        }

        return RedisCalls.Run("authorization save", async () =>
        {
            // Replace, not merge: a field the new record leaves out (corp name, inactive reason) must not survive.
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.HashSetAsync(key, [.. fields]);
            await transaction.ExecuteAsync();
        });
    }

    public async Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.Run("authorization read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.CorpAuthorization(corpId)));
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
        RedisCalls.Run("authorization deactivate", () => redis.GetDatabase().ScriptEvaluateAsync(
            MarkInactiveScript, [RedisKeys.CorpAuthorization(corpId)], [reason]));

    /// <summary>
    /// SCANs every primary for <c>wecomgw:corp:{corpId}:*</c> and deletes what it finds in pipelined batches (one DEL
    /// per key: safe on a cluster, where the keys of one corp hash to different slots).
    /// </summary>
    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.Run("corp delete", async () =>
        {
            var pattern = CorpKeys.Pattern(corpId);
            var database = redis.GetDatabase();
            long deleted = 0;
            foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
            {
                var batch = new List<RedisKey>(DeleteBatch);
                await foreach (var key in server.KeysAsync(database.Database, pattern, pageSize: DeleteBatch).WithCancellation(cancellationToken))
                {
                    batch.Add(key);
                    if (batch.Count == DeleteBatch)
                    {
                        deleted += await DeleteAsync(database, batch);
                        batch.Clear();
                    }
                }

                deleted += await DeleteAsync(database, batch);
            }

            return deleted;
        });

    private static async Task<long> DeleteAsync(IDatabase database, List<RedisKey> keys)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        var results = await Task.WhenAll(keys.Select(k => database.KeyDeleteAsync(k)));
        return results.Count(removed => removed);
    }

    private static string? Field(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNull ? value.ToString() : null;
}
