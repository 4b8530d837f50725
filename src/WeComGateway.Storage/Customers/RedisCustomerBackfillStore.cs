using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Customers;

/// <summary>
/// A hash at <c>wecomgw:{corpId}:backfill</c> (<c>state</c>, <c>run</c>, <c>follow_users</c>, <c>user_offset</c>,
/// <c>cursor</c>, <c>pages</c>, <c>customers</c>, <c>seeded</c>, <c>started_at</c> and <c>updated_at</c> in unix ms,
/// <c>error</c>), no TTL. Claims and writes are scripts over it and the corp's grant set (one slot).
/// </summary>
public sealed class RedisCustomerBackfillStore(IConnectionMultiplexer redis) : ICustomerBackfillStore
{
    // ARGV: run, now ms, lease ms, again ('1' | '0'). Answers {decision, HGETALL}.
    private const string StartScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return {'no_grant', redis.call('HGETALL', KEYS[1])} end
        local state = redis.call('HGET', KEYS[1], 'state')
        local run = redis.call('HGET', KEYS[1], 'run')
        if state == 'running' then
            local updated = tonumber(redis.call('HGET', KEYS[1], 'updated_at') or '0')
            if run ~= ARGV[1] and updated + tonumber(ARGV[3]) > tonumber(ARGV[2]) then
                return {'busy', redis.call('HGETALL', KEYS[1])}
            end
            redis.call('HSET', KEYS[1], 'run', ARGV[1], 'updated_at', ARGV[2])
            return {'resumed', redis.call('HGETALL', KEYS[1])}
        end
        if state == 'done' and (run == ARGV[1] or ARGV[4] == '0') then return {'done', redis.call('HGETALL', KEYS[1])} end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'state', 'running', 'run', ARGV[1], 'follow_users', '0', 'user_offset', '0', 'cursor', '',
            'pages', '0', 'customers', '0', 'seeded', '0', 'started_at', ARGV[2], 'updated_at', ARGV[2], 'error', '')
        return {'started', redis.call('HGETALL', KEYS[1])}
        """;

    // ARGV: run, then field/value pairs.
    private const string SaveScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        if redis.call('HGET', KEYS[1], 'run') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'running' then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        return 1
        """;

    public async Task<BackfillProgress?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.CustomerBackfill(corpId);
        var fields = await RedisCalls.RunAsync("backfill progress read", () => redis.GetDatabase().HashGetAllAsync(key));
        return Read(fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal));
    }

    public async Task<BackfillStart> StartAsync(string corpId, string runId, bool again, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        RedisKey[] keys = [RedisKeys.CustomerBackfill(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [runId, now.ToUnixTimeMilliseconds(), (long)lease.TotalMilliseconds, again ? "1" : "0"];
        var answer = (RedisResult[])(await RedisCalls.RunAsync("backfill start", () => redis.GetDatabase().ScriptEvaluateAsync(StartScript, keys, values)))!;
        var flat = (RedisValue[])answer[1]!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            fields[flat[i].ToString()] = flat[i + 1].ToString();
        }

        var result = answer[0].ToString() switch
        {
            "started" => BackfillStartResult.Started,
            "resumed" => BackfillStartResult.Resumed,
            "busy" => BackfillStartResult.Busy,
            "done" => BackfillStartResult.AlreadyDone,
            _ => BackfillStartResult.NotAuthorized,
        };
        return new BackfillStart(result, Read(fields));
    }

    public async Task<bool> SaveAsync(string corpId, BackfillProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        RedisKey[] keys = [RedisKeys.CustomerBackfill(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values =
        [
            progress.RunId,
            "state", StateName(progress.State),
            "follow_users", progress.FollowUsers,
            "user_offset", progress.UserOffset,
            "cursor", progress.Cursor,
            "pages", progress.Pages,
            "customers", progress.Customers,
            "seeded", progress.Seeded,
            "started_at", progress.StartedAt.ToUnixTimeMilliseconds(),
            "updated_at", progress.UpdatedAt.ToUnixTimeMilliseconds(),
            "error", progress.Error ?? string.Empty,
        ];
        return (long)await RedisCalls.RunAsync("backfill progress write", () => redis.GetDatabase().ScriptEvaluateAsync(SaveScript, keys, values)) == 1;
    }

    private static string StateName(BackfillState state) => state switch
    {
        BackfillState.Running => "running",
        BackfillState.Done => "done",
        _ => "failed",
    };

    private static BackfillProgress? Read(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("run", out var run) || !fields.TryGetValue("state", out var state))
        {
            return null;
        }

        return new BackfillProgress
        {
            RunId = run,
            State = state switch
            {
                "running" => BackfillState.Running,
                "done" => BackfillState.Done,
                _ => BackfillState.Failed,
            },
            FollowUsers = (int)Number(fields, "follow_users"),
            UserOffset = (int)Number(fields, "user_offset"),
            Cursor = fields.GetValueOrDefault("cursor") ?? string.Empty,
            Pages = Number(fields, "pages"),
            Customers = Number(fields, "customers"),
            Seeded = Number(fields, "seeded"),
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(Number(fields, "started_at")),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Number(fields, "updated_at")),
            Error = fields.GetValueOrDefault("error") is { Length: > 0 } error ? error : null,
        };
    }

    private static long Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
}
