using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Campaigns;

/// <summary>
/// A campaign in the hash <c>wecomgw:{corpId}:campaign:{id}</c> (<c>json</c>, <c>version</c>, <c>plan</c>,
/// <c>task:{key}</c>), its results in <c>…:campaign:{id}:results</c>, both named in the corp's key index; the
/// corp's campaigns in the sorted sets <c>campaigns</c> (by creation) and <c>campaigns:due</c>; monthly counts in
/// <c>campaigns:month:{yyyyMM}</c> (indexed, expiring); corps with work due in <c>wecomgw:campaigns:corps</c>. Scripts
/// touch one corp's keys only (one hash slot); the global set is changed by its own single-key command after them.
/// </summary>
public sealed class RedisCampaignStore(IConnectionMultiplexer redis) : ICampaignStore
{
    // KEYS: campaign, list, due, grants, index. ARGV: json, created ms, due ms, id.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[4]) == 0 then return -1 end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'json', ARGV[1], 'version', '1')
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
        redis.call('SADD', KEYS[5], KEYS[1])
        return 1
        """;

    // KEYS: campaign, due, grants. ARGV: expected version, new version, json, due ms or '', id.
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'json', ARGV[3], 'version', ARGV[2])
        if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[5]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
        return 1
        """;

    // KEYS: campaign, grants. ARGV: plan json. Returns the stored plan.
    private const string SavePlanScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('EXISTS', KEYS[1]) == 0 then return false end
        redis.call('HSETNX', KEYS[1], 'plan', ARGV[1])
        return redis.call('HGET', KEYS[1], 'plan')
        """;

    // KEYS: campaign, month, grants, index. ARGV: task field, task json, month keep ms, counted customers….
    private const string RecordTaskScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 or redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local recorded = redis.call('HGET', KEYS[1], ARGV[1])
        if recorded then return recorded end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if #ARGV > 3 then
            for i = 4, #ARGV do redis.call('HINCRBY', KEYS[2], ARGV[i], 1) end
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('SADD', KEYS[4], KEYS[2])
        end
        return ARGV[2]
        """;

    // KEYS: campaign, grants. ARGV: field, json, …. Only fields already there are replaced.
    private const string UpdateTasksScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        for i = 1, #ARGV, 2 do
            if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        end
        return 1
        """;

    // KEYS: results, grants, index, campaign. ARGV: field, value, ….
    private const string WriteResultsScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('EXISTS', KEYS[4]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV))
        redis.call('SADD', KEYS[3], KEYS[1])
        return 1
        """;

    /// <summary>Results are written this many fields per script call (Lua's unpack limit is about 8,000 values).</summary>
    private const int ResultBatch = 2_000;

    public async Task<CampaignCreateOutcome> CreateAsync(string corpId, CampaignRecord campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        RedisKey[] keys =
        [
            RedisKeys.Campaign(corpId, campaign.Id), RedisKeys.Campaigns(corpId), RedisKeys.CampaignsDue(corpId), RedisKeys.CorpGrants(corpId),
            RedisKeys.CorpKeyIndex(corpId),
        ];
        RedisValue[] values = [CampaignJson.Write(campaign), campaign.CreatedAt.ToUnixTimeMilliseconds(), campaign.SendAt.ToUnixTimeMilliseconds(), campaign.Id];
        var created = (long)await RedisCalls.RunAsync("campaign create", () => redis.GetDatabase().ScriptEvaluateAsync(CreateScript, keys, values));
        if (created == 1)
        {
            await RedisCalls.RunAsync("campaign corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.CampaignCorps, corpId));
        }

        return created switch { 1 => CampaignCreateOutcome.Created, 0 => CampaignCreateOutcome.Exists, _ => CampaignCreateOutcome.NotAuthorized };
    }

    public async Task<CampaignSnapshot?> GetAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.RunAsync("campaign read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.Campaign(corpId, campaignId)));
        string? json = null, plan = null;
        long version = 0;
        var tasks = new Dictionary<string, CampaignTask>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry.Name.ToString();
            switch (name)
            {
                case "json": json = entry.Value.ToString(); break;
                case "version": version = (long)entry.Value; break;
                case "plan": plan = entry.Value.ToString(); break;
                default:
                    if (name.StartsWith("task:", StringComparison.Ordinal))
                    {
                        var task = CampaignJson.Read<CampaignTask>(entry.Value.ToString());
                        tasks[task.Key] = task;
                    }

                    break;
            }
        }

        return json is null ? null : new CampaignSnapshot(CampaignJson.Read<CampaignRecord>(json), version, plan is null ? null : CampaignJson.Read<CampaignPlan>(plan), tasks);
    }

    public async Task<IReadOnlyList<CampaignRecord>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var ids = await RedisCalls.RunAsync("campaigns list", () => database.SortedSetRangeByRankAsync(RedisKeys.Campaigns(corpId), order: Order.Descending));
        var reads = ids.Select(id => database.HashGetAsync(RedisKeys.Campaign(corpId, id.ToString()), "json")).ToList();
        var jsons = await RedisCalls.RunAsync("campaigns read", () => Task.WhenAll(reads));
        return [.. jsons.Where(j => !j.IsNull).Select(j => CampaignJson.Read<CampaignRecord>(j.ToString()))];
    }

    public async Task<bool> TryUpdateAsync(string corpId, CampaignRecord campaign, long expectedVersion, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        RedisKey[] keys = [RedisKeys.Campaign(corpId, campaign.Id), RedisKeys.CampaignsDue(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values =
        [
            expectedVersion, expectedVersion + 1, CampaignJson.Write(campaign), dueAt is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString, campaign.Id,
        ];
        var updated = (long)await RedisCalls.RunAsync("campaign update", () => redis.GetDatabase().ScriptEvaluateAsync(UpdateScript, keys, values)) == 1;
        if (updated && dueAt is not null)
        {
            await RedisCalls.RunAsync("campaign corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.CampaignCorps, corpId));
        }

        return updated;
    }

    public async Task<CampaignPlan?> SavePlanAsync(string corpId, string campaignId, CampaignPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        RedisKey[] keys = [RedisKeys.Campaign(corpId, campaignId), RedisKeys.CorpGrants(corpId)];
        var stored = await RedisCalls.RunAsync("campaign plan", () => redis.GetDatabase().ScriptEvaluateAsync(SavePlanScript, keys, [CampaignJson.Write(plan)]));
        return stored.IsNull ? null : CampaignJson.Read<CampaignPlan>(stored.ToString());
    }

    public async Task<CampaignTask?> RecordTaskAsync(
        string corpId, string campaignId, CampaignTask task, string month, IReadOnlyList<string> counted, TimeSpan monthKeep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(counted);
        RedisKey[] keys = [RedisKeys.Campaign(corpId, campaignId), RedisKeys.CampaignMonth(corpId, month), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)];
        RedisValue[] values =
        [
            CampaignJson.TaskField(task.Key), CampaignJson.Write(task), (long)Math.Ceiling(monthKeep.TotalMilliseconds),
            .. counted.Distinct(StringComparer.Ordinal).Select(id => (RedisValue)id),
        ];
        var stored = await RedisCalls.RunAsync("campaign task record", () => redis.GetDatabase().ScriptEvaluateAsync(RecordTaskScript, keys, values));
        return stored.IsNull ? null : CampaignJson.Read<CampaignTask>(stored.ToString());
    }

    public async Task UpdateTasksAsync(string corpId, string campaignId, IReadOnlyList<CampaignTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0)
        {
            return;
        }

        RedisKey[] keys = [RedisKeys.Campaign(corpId, campaignId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [.. tasks.SelectMany(t => new RedisValue[] { CampaignJson.TaskField(t.Key), CampaignJson.Write(t) })];
        await RedisCalls.RunAsync("campaign tasks update", () => redis.GetDatabase().ScriptEvaluateAsync(UpdateTasksScript, keys, values));
    }

    public async Task<IReadOnlyDictionary<string, int>> MonthlyCountsAsync(
        string corpId, string month, IReadOnlyList<string> externalUserIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalUserIds);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var key = RedisKeys.CampaignMonth(corpId, month);
        foreach (var chunk in externalUserIds.Chunk(ResultBatch))
        {
            var values = await RedisCalls.RunAsync("campaign month read", () => redis.GetDatabase().HashGetAsync(key, [.. chunk.Select(id => (RedisValue)id)]));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!values[i].IsNull)
                {
                    counts[chunk[i]] = (int)values[i];
                }
            }
        }

        return counts;
    }

    public async Task<IReadOnlyDictionary<string, int>> ResultsAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.RunAsync("campaign results read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.CampaignResults(corpId, campaignId)));
        return entries.ToDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);
    }

    public async Task WriteResultsAsync(string corpId, string campaignId, IReadOnlyDictionary<string, int> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        RedisKey[] keys =
        [
            RedisKeys.CampaignResults(corpId, campaignId), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId), RedisKeys.Campaign(corpId, campaignId),
        ];
        foreach (var chunk in statuses.Chunk(ResultBatch))
        {
            RedisValue[] values = [.. chunk.SelectMany(p => new RedisValue[] { p.Key, p.Value })];
            await RedisCalls.RunAsync("campaign results write", () => redis.GetDatabase().ScriptEvaluateAsync(WriteResultsScript, keys, values));
        }
    }

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        var members = await RedisCalls.RunAsync("campaign corps read", () => redis.GetDatabase().SetMembersAsync(RedisKeys.CampaignCorps));
        return [.. members.Select(m => m.ToString())];
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        DueIndex.ClaimAsync(redis, RedisKeys.CampaignsDue(corpId), RedisKeys.CampaignCorps, corpId, now, lease, max, "campaigns");
}
