using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Channels;

/// <summary>The counting of <see cref="IChannelStatsStore"/> as one Lua script per event (all keys in the corp's slot).</summary>
public sealed class RedisChannelStatsStore(IConnectionMultiplexer redis) : IChannelStatsStore
{
    private const int MaxDays = 400;

    // KEYS: grants, key index, links, firsts. ARGV: kind (a | c | e), event key, user, customer, bucket (adds), time (s),
    // day, counter key prefix, events kept per link. Answers {status, then per bucket touched: day, bucket, 6 counters}.
    // Link entries: k kind, t time, id, d day, b bucket (adds), a attribution and e 1/0 "ended the relationship" (deletes).
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_grant'} end
        local kind, id, user, cust, bucket = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local t, day, prefix, cap = tonumber(ARGV[6]), ARGV[7], ARGV[8], tonumber(ARGV[9])
        local counters = {'adds', 'first', 'readds', 'del_c', 'del_e', 'lost'}
        local touched, order = {}, {}
        local function touch(d, b)
            local k = d .. '|' .. b
            if not touched[k] then touched[k] = true; table.insert(order, {d, b}) end
        end
        local function answer(status)
            local result = {status}
            for _, p in ipairs(order) do
                table.insert(result, p[1]); table.insert(result, p[2])
                local values = redis.call('HMGET', prefix .. p[1] .. ':' .. p[2], unpack(counters))
                for i = 1, #counters do table.insert(result, tonumber(values[i]) or 0) end
            end
            return result
        end
        local function incr(d, b, u, name, by)
            local key, all = prefix .. d .. ':' .. b, prefix .. d .. ':all'
            redis.call('HINCRBY', key, name, by); redis.call('HINCRBY', key, name .. ':' .. u, by)
            redis.call('HINCRBY', all, name, by); redis.call('HINCRBY', all, name .. ':' .. u, by)
            redis.call('SADD', KEYS[2], key, all)
            touch(d, b)
        end
        local function rank(x) if x.k == 'a' then return 0 end return 1 end
        local function before(x, y)
            if x.t ~= y.t then return x.t < y.t end
            if rank(x) ~= rank(y) then return rank(x) < rank(y) end
            return x.id < y.id
        end
        local field = user .. '\n' .. cust
        local raw = redis.call('HGET', KEYS[3], field)
        local link = {}
        if raw then link = cjson.decode(raw) end
        for _, e in ipairs(link) do
            if e.id == id then
                if e.k == 'a' then touch(e.d, e.b) else touch(e.d, e.a) end
                return answer('seen')
            end
        end
        local entry = {k = kind, t = t, id = id, d = day}
        if kind == 'a' then entry.b = bucket end
        local pos = #link + 1
        for i, e in ipairs(link) do
            if before(entry, e) then pos = i; break end
        end
        table.insert(link, pos, entry)
        local start = pos
        if kind == 'a' then
            start = pos + 1
            incr(day, bucket, user, 'adds', 1)
            local mine = {k = 'a', t = t, id = id, d = day, b = bucket, u = user}
            local fraw = redis.call('HGET', KEYS[4], cust)
            if not fraw then
                redis.call('HSET', KEYS[4], cust, cjson.encode(mine)); incr(day, bucket, user, 'first', 1)
            else
                local first = cjson.decode(fraw)
                if before(mine, first) then
                    incr(first.d, first.b, first.u, 'first', -1); incr(first.d, first.b, first.u, 'readds', 1)
                    redis.call('HSET', KEYS[4], cust, cjson.encode(mine)); incr(day, bucket, user, 'first', 1)
                else
                    incr(day, bucket, user, 'readds', 1)
                end
            end
        end
        for i = start, #link do
            local e = link[i]
            if e.k == 'a' then break end
            local attr, ended = 'u', 1
            for j = i - 1, 1, -1 do
                if link[j].k == 'a' then attr = link[j].b; break end
            end
            if i > 1 and link[i - 1].k ~= 'a' then ended = 0 end
            if e.a == nil or e.a ~= attr or e.e ~= ended then
                if e.a ~= nil then
                    incr(e.d, e.a, user, 'del_' .. e.k, -1)
                    if e.e == 1 then incr(e.d, e.a, user, 'lost', -1) end
                end
                incr(e.d, attr, user, 'del_' .. e.k, 1)
                if ended == 1 then incr(e.d, attr, user, 'lost', 1) end
            end
            e.a = attr; e.e = ended
        end
        while #link > cap do table.remove(link, 1) end
        redis.call('HSET', KEYS[3], field, cjson.encode(link))
        return answer('counted')
        """;

    // KEYS: the day's behaviour hash, grants, key index. ARGV: checked at (unix ms), then userid, new contacts, negative feedback, ….
    private const string SaveBehaviorScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'checked_at', ARGV[1])
        for i = 2, #ARGV, 3 do
            redis.call('HSET', KEYS[1], 'new:' .. ARGV[i], ARGV[i + 1], 'neg:' .. ARGV[i], ARGV[i + 2])
        end
        redis.call('SADD', KEYS[3], KEYS[1])
        return 1
        """;

    public async Task<ChannelStatsResult> RecordAsync(string corpId, ChannelStatsEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        RedisKey[] keys = [RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId), RedisKeys.ChannelStatsLinks(corpId), RedisKeys.ChannelStatsFirstAdds(corpId)];
        RedisValue[] values =
        [
            Kind(e.Kind), e.EventKey, e.UserId, e.ExternalUserId, ChannelBuckets.ForState(e.State), e.OccurredAt.ToUnixTimeSeconds(),
            ChannelBuckets.DayName(e.Day), RedisKeys.ChannelStatsPrefix(corpId), IChannelStatsStore.MaxEventsPerLink,
        ];
        var answer = (RedisResult[])(await RedisCalls.RunAsync("channel stats count", () => redis.GetDatabase().ScriptEvaluateAsync(RecordScript, keys, values)))!;
        var outcome = answer[0].ToString() switch
        {
            "counted" => ChannelStatsOutcome.Counted,
            "seen" => ChannelStatsOutcome.AlreadyCounted,
            _ => ChannelStatsOutcome.NotAuthorized,
        };
        var touched = new List<ChannelDayTotals>();
        for (var i = 1; i + 7 < answer.Length; i += 8)
        {
            touched.Add(new ChannelDayTotals(
                answer[i + 1].ToString(),
                ChannelBuckets.ParseDay(answer[i].ToString()),
                new ChannelCounters((long)answer[i + 2], (long)answer[i + 3], (long)answer[i + 4], (long)answer[i + 5], (long)answer[i + 6], (long)answer[i + 7])));
        }

        return new ChannelStatsResult(outcome, touched);
    }

    public async Task<IReadOnlyList<ChannelDayStats>> GetAsync(string corpId, string bucket, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = Days(from, to);
        var prefix = RedisKeys.ChannelStatsPrefix(corpId);
        var database = redis.GetDatabase();
        var reads = days.Select(d => database.HashGetAllAsync($"{prefix}{ChannelBuckets.DayName(d)}:{bucket}")).ToList();
        var answers = await RedisCalls.RunAsync("channel stats read", async () => await Task.WhenAll(reads));
        var result = new List<ChannelDayStats>();
        for (var i = 0; i < days.Count; i++)
        {
            if (answers[i].Length == 0)
            {
                continue;
            }

            var fields = answers[i].ToDictionary(f => f.Name.ToString(), f => (long)f.Value, StringComparer.Ordinal);
            if (ToDay(days[i], fields) is { } day)
            {
                result.Add(day);
            }
        }

        return result;
    }

    public async Task<bool> SaveBehaviorAsync(string corpId, DayBehavior behavior, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        RedisKey[] keys = [BehaviorKey(corpId, behavior.Day), RedisKeys.CorpGrants(corpId), RedisKeys.CorpKeyIndex(corpId)];
        var values = new List<RedisValue> { behavior.CheckedAt.ToUnixTimeMilliseconds() };
        foreach (var employee in behavior.Employees)
        {
            values.AddRange([employee.UserId, employee.NewContacts, employee.NegativeFeedback]);
        }

        return (long)await RedisCalls.RunAsync("channel behaviour write", () => redis.GetDatabase().ScriptEvaluateAsync(SaveBehaviorScript, keys, [.. values])) == 1;
    }

    public async Task<IReadOnlyList<DayBehavior>> GetBehaviorAsync(string corpId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = Days(from, to);
        var database = redis.GetDatabase();
        var reads = days.Select(d => database.HashGetAllAsync(BehaviorKey(corpId, d))).ToList();
        var answers = await RedisCalls.RunAsync("channel behaviour read", async () => await Task.WhenAll(reads));
        var result = new List<DayBehavior>();
        for (var i = 0; i < days.Count; i++)
        {
            var fields = answers[i].ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
            if (!fields.TryGetValue("checked_at", out var checkedAt))
            {
                continue;
            }

            var employees = fields.Keys.Where(k => k.StartsWith("new:", StringComparison.Ordinal)).Select(k => k[4..]).Order(StringComparer.Ordinal)
                .Select(u => new EmployeeBehavior(u, Number(fields["new:" + u]), Number(fields.GetValueOrDefault("neg:" + u) ?? "0")))
                .ToList();
            result.Add(new DayBehavior(days[i], DateTimeOffset.FromUnixTimeMilliseconds(Number(checkedAt)), employees));
        }

        return result;
    }

    /// <summary>The day's counts; null when every count is back to zero (a delete moved out of the unattributed bucket).</summary>
    internal static ChannelDayStats? ToDay(DateOnly day, IReadOnlyDictionary<string, long> fields)
    {
        if (fields.Values.All(v => v == 0))
        {
            return null;
        }

        var employees = fields.Keys.Select(k => k.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? k[(colon + 1)..] : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(u => (User: u, Counts: ChannelCounters.From(fields, ":" + u)))
            .Where(e => e.Counts != ChannelCounters.Zero)
            .ToDictionary(e => e.User, e => e.Counts, StringComparer.Ordinal);
        return new ChannelDayStats(day, ChannelCounters.From(fields), employees);
    }

    internal static List<DateOnly> Days(DateOnly from, DateOnly to)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"A range runs forward over at most {MaxDays} days.");
        }

        return [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)];
    }

    private static RedisKey BehaviorKey(string corpId, DateOnly day) => $"{RedisKeys.ChannelStatsPrefix(corpId)}{ChannelBuckets.DayName(day)}:wecom";

    private static string Kind(ChannelEventKind kind) => kind switch
    {
        ChannelEventKind.Added => "a",
        ChannelEventKind.DeletedByCustomer => "c",
        _ => "e",
    };

    private static long Number(string value) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
