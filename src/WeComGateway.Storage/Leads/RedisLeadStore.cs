using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Leads;

/// <summary>
/// Leads in hashes at <c>wecomgw:{corpId}:lead:{leadId}</c> (named in the corp's key index), with the fixed keys
/// <c>leads:phones</c>, <c>leads:pool</c>, <c>leads:due</c>, <c>leads:assign</c>, <c>leads:report</c>,
/// <c>leads:settings</c> and the expiring, indexed <c>leads:day:{yyyyMMdd}</c>; the corps with work in the set
/// <c>wecomgw:leads:corps</c>. Every transition is one Lua script over the corp's keys (one slot) that checks the grant,
/// the lead's status and the counters together.
/// </summary>
public sealed class RedisLeadStore(IConnectionMultiplexer redis) : ILeadStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A day's counts outlive the day (time zones, a late reader) and then go.</summary>
    private static readonly TimeSpan DayKeyLifetime = TimeSpan.FromDays(3);

    // KEYS: phones, pool, report, grants, index, lead 1..n. ARGV: now ms, then per lead: id, phone, name, source, tags json, pool score.
    // Scores are computed in C# and passed as strings: Lua formats large numbers with 14 significant digits.
    // Answers one entry per lead: 'new:{id}' or 'dup:{existing id}'; {} without a grant.
    private const string ImportScript = """
        if redis.call('EXISTS', KEYS[4]) == 0 then return {} end
        local result = {}
        local n = (#ARGV - 1) / 6
        for i = 1, n do
            local base = 1 + (i - 1) * 6
            local id, phone, source = ARGV[base + 1], ARGV[base + 2], ARGV[base + 4]
            local existing = redis.call('HGET', KEYS[1], phone)
            if existing then
                table.insert(result, 'dup:' .. existing)
            else
                local key = KEYS[5 + i]
                redis.call('HSET', KEYS[1], phone, id)
                redis.call('HSET', key, 'id', id, 'phone', phone, 'name', ARGV[base + 3], 'source', source, 'tags', ARGV[base + 5],
                    'status', 'pooled', 'imported_at', ARGV[1], 'attempt', '0', 'reminded', '0', 'tried', '')
                redis.call('SADD', KEYS[5], key)
                redis.call('ZADD', KEYS[2], ARGV[base + 6], id)
                redis.call('HINCRBY', KEYS[3], 'imported\t\t' .. source, 1)
                table.insert(result, 'new:' .. id)
            end
        end
        return result
        """;

    // KEYS: lead, assign, day, due, pool, report, grants, index. ARGV: id, expected version, new version, cursor, userid, now, deadline, day ttl ms.
    private const string AssignScript = """
        if redis.call('EXISTS', KEYS[7]) == 0 then return {'no_grant'} end
        if (redis.call('HGET', KEYS[2], 'version') or '0') ~= ARGV[2] then return {'conflict'} end
        if redis.call('HGET', KEYS[1], 'status') ~= 'pooled' then return {'not_pooled'} end
        redis.call('HSET', KEYS[2], 'version', ARGV[3], 'cursor', ARGV[4])
        redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
        redis.call('PEXPIRE', KEYS[3], ARGV[8])
        redis.call('SADD', KEYS[8], KEYS[3])
        redis.call('HINCRBY', KEYS[1], 'attempt', 1)
        redis.call('HSET', KEYS[1], 'status', 'assigned', 'assignee', ARGV[5], 'assigned_at', ARGV[6], 'deadline', ARGV[7], 'reminded', '0')
        redis.call('ZREM', KEYS[5], ARGV[1])
        redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
        redis.call('HINCRBY', KEYS[6], 'assigned\t' .. ARGV[5] .. '\t' .. redis.call('HGET', KEYS[1], 'source'), 1)
        return {'assigned', redis.call('HGETALL', KEYS[1])}
        """;

    // KEYS: lead, pool, grants.
    private const string ExhaustScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        if redis.call('HGET', KEYS[1], 'status') ~= 'pooled' then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'exhausted')
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    // KEYS: due, pool. Neither exists: nil (the corp leaves the global set).
    private const string ClaimDueScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then return false end
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, member in ipairs(due) do
            redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member)
        end
        return due
        """;

    // KEYS: lead, pool, due, report, grants. ARGV: id, attempt, now. Answers the lead as it was, or nil.
    private const string ReturnScript = """
        if redis.call('EXISTS', KEYS[5]) == 0 then return false end
        if redis.call('HGET', KEYS[1], 'status') ~= 'assigned' or redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[2] then return false end
        if tonumber(redis.call('HGET', KEYS[1], 'deadline')) > tonumber(ARGV[3]) then return false end
        local before = redis.call('HGETALL', KEYS[1])
        local assignee = redis.call('HGET', KEYS[1], 'assignee')
        local tried = redis.call('HGET', KEYS[1], 'tried') or ''
        if tried == '' then tried = assignee else tried = tried .. ',' .. assignee end
        redis.call('HSET', KEYS[1], 'status', 'pooled', 'tried', tried, 'reminded', '0')
        redis.call('HDEL', KEYS[1], 'assignee', 'assigned_at', 'deadline')
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        redis.call('HINCRBY', KEYS[4], 'returned\t' .. assignee .. '\t' .. redis.call('HGET', KEYS[1], 'source'), 1)
        return before
        """;

    // KEYS: lead, due, grants. ARGV: id, attempt.
    private const string RemindedScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        if redis.call('HGET', KEYS[1], 'status') ~= 'assigned' or redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], 'reminded', '1')
        redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'deadline'), ARGV[1])
        return 1
        """;

    // KEYS: lead, due, pool, report, grants. ARGV: id, external user id, userid, now.
    private const string ConvertScript = """
        if redis.call('EXISTS', KEYS[5]) == 0 then return {'no_grant'} end
        if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
        if redis.call('HGET', KEYS[1], 'status') == 'converted' then return {'already', redis.call('HGETALL', KEYS[1])} end
        redis.call('HSET', KEYS[1], 'status', 'converted', 'converted_at', ARGV[4], 'converted_by', ARGV[3], 'external_userid', ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('HINCRBY', KEYS[4], 'converted\t' .. ARGV[3] .. '\t' .. redis.call('HGET', KEYS[1], 'source'), 1)
        return {'converted', redis.call('HGETALL', KEYS[1])}
        """;

    private const string SetSettingsScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
        """;

    public async Task<LeadImportResult> ImportAsync(string corpId, IReadOnlyList<NewLead> leads, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leads);
        var ids = leads.Select(_ => LeadIds.New()).ToList();
        RedisKey[] keys =
        [
            RedisKeys.LeadPhones(corpId), RedisKeys.LeadPool(corpId), RedisKeys.LeadReport(corpId), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId),
            .. ids.Select(id => RedisKeys.Lead(corpId, id)),
        ];
        var values = new List<RedisValue> { now.ToUnixTimeMilliseconds() };
        var order = 0L;
        foreach (var (lead, id) in leads.Zip(ids))
        {
            // Pool order: import time, then position in the file.
            values.AddRange([id, lead.Phone, lead.Name, lead.Source, JsonSerializer.Serialize(lead.Tags, Json), now.ToUnixTimeMilliseconds() + order++]);
        }

        var answer = (RedisValue[])(await RedisCalls.RunAsync("leads import", () => redis.GetDatabase().ScriptEvaluateAsync(ImportScript, keys, [.. values])))!;
        if (answer.Length == 0)
        {
            return new LeadImportResult(0, 0, []);
        }

        await RedisCalls.RunAsync("lead corps add", () => redis.GetDatabase().SetAddAsync(RedisKeys.LeadCorps, corpId));
        var entries = answer.Select(a => a.ToString()).ToList();
        return new LeadImportResult(entries.Count(e => e.StartsWith("new:", StringComparison.Ordinal)), entries.Count(e => e.StartsWith("dup:", StringComparison.Ordinal)), [.. entries.Select(e => e[4..])]);
    }

    public async Task<Lead?> GetAsync(string corpId, string leadId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Lead(corpId, leadId);
        var fields = await RedisCalls.RunAsync("lead read", () => redis.GetDatabase().HashGetAllAsync(key));
        return Read(fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal));
    }

    public async Task<Lead?> FindByPhoneAsync(string corpId, string phone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        var id = await RedisCalls.RunAsync("lead phone read", () => redis.GetDatabase().HashGetAsync(RedisKeys.LeadPhones(corpId), phone));
        return id.IsNull ? null : await GetAsync(corpId, id.ToString(), cancellationToken);
    }

    public Task<bool> HasLeadsAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("leads exist", () => redis.GetDatabase().KeyExistsAsync(RedisKeys.LeadPhones(corpId)));

    public async Task<LeadPoolSettings?> GetSettingsAsync(string corpId, CancellationToken cancellationToken)
    {
        var json = await RedisCalls.RunAsync("lead settings read", () => redis.GetDatabase().StringGetAsync(RedisKeys.LeadSettings(corpId)));
        return json.IsNull ? null : JsonSerializer.Deserialize<LeadPoolSettings>(json.ToString(), Json);
    }

    public async Task<bool> SaveSettingsAsync(string corpId, LeadPoolSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RedisKey[] keys = [RedisKeys.LeadSettings(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("lead settings write", () => redis.GetDatabase().ScriptEvaluateAsync(
            SetSettingsScript, keys, [JsonSerializer.Serialize(settings, Json)])) == 1;
    }

    public async Task<IReadOnlyList<Lead>> PooledAsync(string corpId, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var ids = await RedisCalls.RunAsync("lead pool read", () => redis.GetDatabase().SortedSetRangeByRankAsync(RedisKeys.LeadPool(corpId), 0, max - 1));
        var leads = new List<Lead>(ids.Length);
        foreach (var id in ids)
        {
            if (await GetAsync(corpId, id.ToString(), cancellationToken) is { } lead)
            {
                leads.Add(lead);
            }
        }

        return leads;
    }

    public async Task<LeadAssignmentState> GetAssignmentAsync(string corpId, string day, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var state = await RedisCalls.RunAsync("lead rotation read", () => database.HashGetAsync(RedisKeys.LeadAssignment(corpId), ["version", "cursor"]));
        var counts = await RedisCalls.RunAsync("lead day read", () => database.HashGetAllAsync(RedisKeys.LeadDay(corpId, day)));
        return new LeadAssignmentState(
            state[0].IsNull ? 0 : (long)state[0],
            state[1].IsNull ? 0 : (long)state[1],
            counts.ToDictionary(c => c.Name.ToString(), c => (int)c.Value, StringComparer.Ordinal));
    }

    public async Task<(LeadAssignResult Result, Lead? Lead)> TryAssignAsync(
        string corpId, string leadId, string userId, long expectedVersion, long nextCursor, string day, DateTimeOffset now, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        RedisKey[] keys =
        [
            RedisKeys.Lead(corpId, leadId), RedisKeys.LeadAssignment(corpId), RedisKeys.LeadDay(corpId, day), RedisKeys.LeadsDue(corpId),
            RedisKeys.LeadPool(corpId), RedisKeys.LeadReport(corpId), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId),
        ];
        RedisValue[] values =
        [
            leadId, expectedVersion, expectedVersion + 1, nextCursor, userId, now.ToUnixTimeMilliseconds(), deadline.ToUnixTimeMilliseconds(),
            (long)DayKeyLifetime.TotalMilliseconds,
        ];
        var answer = (RedisResult[])(await RedisCalls.RunAsync("lead assign", () => redis.GetDatabase().ScriptEvaluateAsync(AssignScript, keys, values)))!;
        return answer[0].ToString() switch
        {
            "assigned" => (LeadAssignResult.Assigned, Read(Fields((RedisValue[])answer[1]!))),
            "conflict" => (LeadAssignResult.Conflict, null),
            "not_pooled" => (LeadAssignResult.NotPooled, null),
            _ => (LeadAssignResult.NotAuthorized, null),
        };
    }

    public async Task<bool> ExhaustAsync(string corpId, string leadId, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [RedisKeys.Lead(corpId, leadId), RedisKeys.LeadPool(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("lead exhaust", () => redis.GetDatabase().ScriptEvaluateAsync(ExhaustScript, keys, [leadId])) == 1;
    }

    public async Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var due = RedisKeys.LeadsDue(corpId);
        var pool = RedisKeys.LeadPool(corpId);
        RedisValue[] values = [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max];
        var claimed = await RedisCalls.RunAsync("leads claim due", () => redis.GetDatabase().ScriptEvaluateAsync(ClaimDueScript, [due, pool], values));
        if (claimed.IsNull)
        {
            await LeaveCorpsAsync(corpId, due, pool);
            return [];
        }

        return [.. ((RedisValue[]?)claimed ?? []).Select(member => member.ToString())];
    }

    public async Task<Lead?> ReturnToPoolAsync(string corpId, string leadId, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RedisKey[] keys =
        [
            RedisKeys.Lead(corpId, leadId), RedisKeys.LeadPool(corpId), RedisKeys.LeadsDue(corpId), RedisKeys.LeadReport(corpId), RedisKeys.CorpGrants(corpId),
        ];
        var answer = await RedisCalls.RunAsync("lead return", () => redis.GetDatabase().ScriptEvaluateAsync(
            ReturnScript, keys, [leadId, attempt, now.ToUnixTimeMilliseconds()]));
        return answer.IsNull ? null : Read(Fields((RedisValue[])answer!));
    }

    public async Task<bool> MarkRemindedAsync(string corpId, string leadId, int attempt, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [RedisKeys.Lead(corpId, leadId), RedisKeys.LeadsDue(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("lead reminded", () => redis.GetDatabase().ScriptEvaluateAsync(RemindedScript, keys, [leadId, attempt])) == 1;
    }

    public async Task<(LeadConvertResult Result, Lead? Lead)> ConvertAsync(
        string corpId, string leadId, string externalUserId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(externalUserId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        RedisKey[] keys =
        [
            RedisKeys.Lead(corpId, leadId), RedisKeys.LeadsDue(corpId), RedisKeys.LeadPool(corpId), RedisKeys.LeadReport(corpId), RedisKeys.CorpGrants(corpId),
        ];
        var answer = (RedisResult[])(await RedisCalls.RunAsync("lead convert", () => redis.GetDatabase().ScriptEvaluateAsync(
            ConvertScript, keys, [leadId, externalUserId, userId, now.ToUnixTimeMilliseconds()])))!;
        return answer[0].ToString() switch
        {
            "converted" => (LeadConvertResult.Converted, Read(Fields((RedisValue[])answer[1]!))),
            "already" => (LeadConvertResult.AlreadyConverted, Read(Fields((RedisValue[])answer[1]!))),
            _ => (LeadConvertResult.NotFound, null),
        };
    }

    public async Task<IReadOnlyList<LeadReportRow>> ReportAsync(string corpId, CancellationToken cancellationToken)
    {
        var fields = await RedisCalls.RunAsync("lead report read", () => redis.GetDatabase().HashGetAllAsync(RedisKeys.LeadReport(corpId)));
        return LeadReports.Rows(fields.Select(f => (f.Name.ToString(), (long)f.Value)));
    }

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        var members = await RedisCalls.RunAsync("lead corps read", () => redis.GetDatabase().SetMembersAsync(RedisKeys.LeadCorps));
        return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>Drops the corp from the global set, then looks again: work added in between puts it back.</summary>
    private async Task LeaveCorpsAsync(string corpId, RedisKey due, RedisKey pool)
    {
        var database = redis.GetDatabase();
        await RedisCalls.RunAsync("lead corps remove", () => database.SetRemoveAsync(RedisKeys.LeadCorps, corpId));
        if (await RedisCalls.RunAsync("lead work exists", () => database.KeyExistsAsync([due, pool])) > 0)
        {
            await RedisCalls.RunAsync("lead corps add", () => database.SetAddAsync(RedisKeys.LeadCorps, corpId));
        }
    }

    private static Dictionary<string, string> Fields(RedisValue[] flat)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            fields[flat[i].ToString()] = flat[i + 1].ToString();
        }

        return fields;
    }

    private static Lead? Read(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("id", out var id))
        {
            return null;
        }

        return new Lead(
            id,
            fields.GetValueOrDefault("phone") ?? string.Empty,
            fields.GetValueOrDefault("name") ?? string.Empty,
            fields.GetValueOrDefault("source") ?? string.Empty,
            JsonSerializer.Deserialize<List<string>>(fields.GetValueOrDefault("tags") ?? "[]", Json) ?? [],
            fields.GetValueOrDefault("status") switch
            {
                "assigned" => LeadStatus.Assigned,
                "converted" => LeadStatus.Converted,
                "exhausted" => LeadStatus.Exhausted,
                _ => LeadStatus.Pooled,
            },
            Time(fields, "imported_at") ?? DateTimeOffset.UnixEpoch,
            (int)(Number(fields, "attempt") ?? 0),
            Text(fields, "assignee"),
            Time(fields, "assigned_at"),
            Time(fields, "deadline"),
            fields.GetValueOrDefault("reminded") == "1",
            [.. (fields.GetValueOrDefault("tried") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)],
            Time(fields, "converted_at"),
            Text(fields, "converted_by"),
            Text(fields, "external_userid"));
    }

    private static string? Text(Dictionary<string, string> fields, string name) => fields.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;

    private static long? Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static DateTimeOffset? Time(Dictionary<string, string> fields, string name) =>
        Number(fields, name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

/// <summary>Report counters (<c>{kind}\t{userid}\t{source}</c> → count) into rows; shared by both stores.</summary>
internal static class LeadReports
{
    public static IReadOnlyList<LeadReportRow> Rows(IEnumerable<(string Field, long Count)> counters)
    {
        var rows = new Dictionary<(string UserId, string Source), LeadReportRow>();
        foreach (var (field, count) in counters)
        {
            var parts = field.Split('\t');
            if (parts.Length != 3)
            {
                continue;
            }

            var key = (parts[1], parts[2]);
            var row = rows.GetValueOrDefault(key) ?? new LeadReportRow(parts[1], parts[2], 0, 0, 0, 0);
            rows[key] = parts[0] switch
            {
                "imported" => row with { Imported = row.Imported + count },
                "assigned" => row with { Assigned = row.Assigned + count },
                "converted" => row with { Converted = row.Converted + count },
                "returned" => row with { Returned = row.Returned + count },
                _ => row,
            };
        }

        return [.. rows.Values.OrderBy(r => r.UserId, StringComparer.Ordinal).ThenBy(r => r.Source, StringComparer.Ordinal)];
    }
}
