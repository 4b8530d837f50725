using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Redis;

/// <summary>What <see cref="RedisKeyMigration.MigrateAsync"/> did.</summary>
/// <param name="Moved">Keys renamed to the new layout.</param>
/// <param name="Superseded">Old keys deleted because the new key already existed (written by the new version).</param>
/// <param name="Skipped">Old keys left alone: their corp id cannot be a hash tag (it contains '{' or '}').</param>
public sealed record RedisKeyMigrationResult(long Moved, long Superseded, long Skipped);

/// <summary>
/// The one-shot upgrade from the old key layouts (see docs/redis.md): <c>wecomgw:corp:{corpId}:{rest}</c> becomes
/// <c>wecomgw:{corpId}:{rest}</c>, naming the renamed customers, welcome claims and corp tokens in the corp's key
/// index; then each one-per-corp authorization <c>wecomgw:{corpId}:auth</c> becomes the grant of its suite,
/// <c>wecomgw:{corpId}:auth:{suiteId}</c>, listed in <c>wecomgw:{corpId}:grants</c>. Runs on the single Redis node
/// the old version used (RENAME crosses hash slots); it SCANs once, which is what the new layout avoids at every
/// uninstall. Idempotent: a second run finds nothing to move.
/// </summary>
public static class RedisKeyMigration
{
    public const string OldCorpPrefix = RedisKeys.Prefix + "corp:";

    private const int ScanPage = 500;

    // KEYS: old, new, the corp's key index. ARGV: 1 when the key's name is not fixed (goes into the index).
    private const string MoveScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('EXISTS', KEYS[2]) == 1 then
            redis.call('DEL', KEYS[1])
            return 2
        end
        redis.call('RENAME', KEYS[1], KEYS[2])
        if ARGV[1] == '1' then redis.call('SADD', KEYS[3], KEYS[2]) end
        return 1
        """;

    // KEYS: the old one-per-corp authorization, the grant of its suite, the corp's grants, the corp's key index.
    // ARGV: the suite id. A grant the new version already wrote wins.
    private const string SplitAuthorizationScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('SADD', KEYS[4], KEYS[2])
        if redis.call('EXISTS', KEYS[2]) == 1 then
            redis.call('DEL', KEYS[1])
            return 2
        end
        redis.call('RENAME', KEYS[1], KEYS[2])
        return 1
        """;

    /// <param name="progress">Called with the number of old keys handled so far, every <see cref="ScanPage"/> keys and at the end.</param>
    public static async Task<RedisKeyMigrationResult> MigrateAsync(IConnectionMultiplexer redis, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var servers = redis.GetServers().Where(s => !s.IsReplica).ToList();
        if (servers.Any(s => s.ServerType == ServerType.Cluster))
        {
            throw new InvalidOperationException("Migrate on the single Redis node the old version used, before moving the data to a Redis Cluster: RENAME cannot cross hash slots.");
        }

        var database = redis.GetDatabase();
        long moved = 0, superseded = 0, skipped = 0, handled = 0;
        foreach (var server in servers)
        {
            await foreach (var key in server.KeysAsync(database.Database, OldCorpPrefix + "*", ScanPage).WithCancellation(cancellationToken))
            {
                if (Target(key.ToString()) is not { } target)
                {
                    skipped++;
                }
                else
                {
                    var outcome = (long)await RedisCalls.RunAsync("key migration", () => database.ScriptEvaluateAsync(
                        MoveScript, [key, target.Key, RedisKeys.CorpKeyIndex(target.CorpId)], [target.Indexed ? "1" : "0"]));
                    moved += outcome == 1 ? 1 : 0;
                    superseded += outcome == 2 ? 1 : 0;
                }

                if (++handled % ScanPage == 0)
                {
                    progress?.Report(handled);
                }
            }
        }

        foreach (var server in servers)
        {
            await foreach (var key in server.KeysAsync(database.Database, RedisKeys.Prefix + "{*}:auth", ScanPage).WithCancellation(cancellationToken))
            {
                var outcome = await SplitAuthorizationAsync(database, key);
                moved += outcome == 1 ? 1 : 0;
                superseded += outcome == 2 ? 1 : 0;
                skipped += outcome < 0 ? 1 : 0;
                if (++handled % ScanPage == 0)
                {
                    progress?.Report(handled);
                }
            }
        }

        progress?.Report(handled);
        return new RedisKeyMigrationResult(moved, superseded, skipped);
    }

    /// <summary>One corp's single authorization to the grant of the suite it names; -1 when it names none (left alone).</summary>
    private static async Task<long> SplitAuthorizationAsync(IDatabase database, RedisKey key)
    {
        var suiteId = await RedisCalls.RunAsync("key migration", () => database.HashGetAsync(key, "suite_id"));
        if (RedisKeys.CorpOf(key.ToString()) is not { } corpId || suiteId.IsNullOrEmpty || suiteId.ToString().AsSpan().IndexOfAny(":{}") >= 0)
        {
            return -1;
        }

        RedisKey[] keys = [key, RedisKeys.CorpGrant(corpId, suiteId.ToString()), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)];
        return (long)await RedisCalls.RunAsync("key migration", () => database.ScriptEvaluateAsync(SplitAuthorizationScript, keys, [suiteId]));
    }

    /// <summary>The new name of an old key, its corp, and whether the corp's key index must name it.</summary>
    public static (RedisKey Key, string CorpId, bool Indexed)? Target(string oldKey)
    {
        if (!oldKey.StartsWith(OldCorpPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = oldKey[OldCorpPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == rest.Length - 1 || rest.AsSpan(0, colon).IndexOfAny("{}") >= 0)
        {
            return null;
        }

        var corpId = rest[..colon];
        var name = rest[(colon + 1)..];
        var indexed = name.StartsWith("customer:", StringComparison.Ordinal)
            || name.StartsWith("welcome:", StringComparison.Ordinal)
            || name.StartsWith("suite:", StringComparison.Ordinal);
        return (RedisKeys.CorpPrefix(CorpKeys.Validate(corpId)) + name, corpId, indexed);
    }
}
