using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Fission;

/// <summary>
/// The corp's fission data in Redis (docs/fission.md): three fixed hashes (<c>fission:campaigns</c>,
/// <c>fission:states</c>, <c>fission:customers</c>) and three keys per campaign (<c>participants</c>, <c>counts</c>,
/// <c>board</c>) that the campaign's creation puts into the corp's key index. Every add and delete is one script
/// that decides and counts; the campaigns it touches are read first and named among its keys, and the script answers
/// <c>stale</c> (and is run again) when they changed in between.
/// </summary>
public sealed class RedisFissionStore(IConnectionMultiplexer redis) : IFissionStore
{
    /// <summary>How many deletes a customer keeps for adds that may still arrive (the oldest go first); the scripts say 16.</summary>
    public const int KeptDeletes = 16;

    private const int StaleRetries = 5;

    // KEYS: grants, campaigns, index, participants, counts, board. ARGV: id, json, prefix.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'no_grant' end
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'id_taken' end
        for _, json in ipairs(redis.call('HVALS', KEYS[2])) do
            if cjson.decode(json).prefix == ARGV[3] then return 'prefix_taken' end
        end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('SADD', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
        return 'created'
        """;

    // KEYS: grants, campaigns, states, participants, board. ARGV: campaign, customer, state, now ms.
    private const string JoinScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {'no_grant'} end
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'no_campaign'} end
        local raw = redis.call('HGET', KEYS[4], ARGV[2])
        local p = raw and cjson.decode(raw) or nil
        if p and p.state then return {'exists', raw} end
        if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[1] .. ' ' .. ARGV[2]) == 0 then return {'state_taken'} end
        if not p then p = {c = ARGV[1], p = ARGV[2], depth = 0, source = 'seed'} end
        p.state = ARGV[3]
        p.joined = tonumber(ARGV[4])
        local json = cjson.encode(p)
        redis.call('HSET', KEYS[4], ARGV[2], json)
        redis.call('ZADD', KEYS[5], 'NX', 0, ARGV[2])
        return {'joined', json}
        """;

    // KEYS: grants, participants. ARGV: customer, config id, poster url.
    private const string PosterScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local raw = redis.call('HGET', KEYS[2], ARGV[1])
        if not raw then return false end
        local p = cjson.decode(raw)
        if p.config then return raw end
        p.config = ARGV[2]
        p.poster = ARGV[3]
        raw = cjson.encode(p)
        redis.call('HSET', KEYS[2], ARGV[1], raw)
        return raw
        """;

    // KEYS: grants, counts. ARGV: participant.
    private const string GoalSentScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('HGET', KEYS[2], ARGV[1] .. '|goal') ~= 'pending' then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1] .. '|goal', 'sent')
        return 1
        """;

    // Shared by the add and delete scripts. KEYS[5..7]: campaign A (the customer's credit), KEYS[8..10]: campaign B.
    private const string Common = """
        local function keys_of(c)
            if c == ARGV[#ARGV - 1] then return KEYS[5], KEYS[6], KEYS[7] end
            return KEYS[8], KEYS[9], KEYS[10]
        end
        local function count(c, cr, delta)
            local _, ck, bk = keys_of(c)
            local n = redis.call('HINCRBY', ck, cr.p .. '|1', delta)
            redis.call('ZADD', bk, n, cr.p)
            if cr.p2 then redis.call('HINCRBY', ck, cr.p2 .. '|2', delta) end
            if cr.p3 then redis.call('HINCRBY', ck, cr.p3 .. '|3', delta) end
            return n
        end
        local function change(c, p, x, n, reason)
            local _, ck = keys_of(c)
            return {c = c, p = p, x = x, n = n, goal = redis.call('HGET', ck, p .. '|goal') or '', why = reason or ''}
        end
        local function window_of(c)
            local json = redis.call('HGET', KEYS[2], c)
            return json and cjson.decode(json).window or 0
        end
        """;

    // KEYS: grants, campaigns, states, customers, A participants, A counts, A board, B participants, B counts, B board.
    // ARGV: customer, employee, state, added ms, known-since ms or '', campaign A or '', campaign B or ''.
    private const string AddScript = Common + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return cjson.encode({r = 'no_grant'}) end
        if redis.call('EXISTS', KEYS[2]) == 0 then return cjson.encode({r = 'no_campaigns'}) end
        local x, u, s, t = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
        local raw = redis.call('HGET', KEYS[4], x)
        local rec = raw and cjson.decode(raw) or {}
        local target
        if s ~= '' then
            local v = redis.call('HGET', KEYS[3], s)
            if v then
                local sp = string.find(v, ' ', 1, true)
                target = {c = string.sub(v, 1, sp - 1), p = string.sub(v, sp + 1)}
            end
        end
        if ((rec.cr and rec.cr.c) or '') ~= ARGV[6] or ((target and target.c) or '') ~= ARGV[7] then return cjson.encode({r = 'stale'}) end
        local res = {}
        local seen = rec.seen
        if seen == nil or t < seen then rec.seen = t end
        local cr = rec.cr
        if cr and cr.t == t and cr.u == u and target and cr.c == target.c and cr.p == target.p and cr.s ~= 'readd' then
            res.r = 'repeat'
            if cr.s == 'credited' then
                local _, ck = keys_of(cr.c)
                res.credit = change(cr.c, cr.p, x, tonumber(redis.call('HGET', ck, cr.p .. '|1') or '0'))
            end
            return cjson.encode(res)
        end
        if cr and cr.s == 'credited' and t < cr.t then
            local n = count(cr.c, cr, -1)
            cr.s = 'readd'
            res.revoked = change(cr.c, cr.p, x, n, 'readd')
        end
        local camp = target and redis.call('HGET', KEYS[2], target.c)
        if not camp then
            res.r = 'not_fission'
        elseif cr and cr.s ~= 'readd' and t >= cr.t then
            res.r = 'readd'
        else
            camp = cjson.decode(camp)
            local head = string.sub(x, 1, 2)
            if head ~= 'wm' and head ~= 'wo' then
                res.r = 'not_customer'
            elseif x == target.p then
                res.r = 'self'
            elseif t < camp.start or t > camp['end'] then
                res.r = 'outside'
            elseif (seen ~= nil and seen < t) or (ARGV[5] ~= '' and tonumber(ARGV[5]) < t) then
                res.r = 'readd'
            else
                local pk, ck, bk = keys_of(target.c)
                local inviter = redis.call('HGET', pk, target.p)
                inviter = inviter and cjson.decode(inviter) or {depth = 0}
                local nc = {c = target.c, p = target.p, u = u, t = t}
                if inviter.inviter then
                    nc.p2 = inviter.inviter
                    local up = redis.call('HGET', pk, inviter.inviter)
                    if up then nc.p3 = cjson.decode(up).inviter end
                end
                local dt
                for _, d in ipairs(rec.dels or {}) do
                    if d.u == u and d.t >= t and (dt == nil or d.t < dt) then dt = d.t end
                end
                if dt then
                    nc.dt = dt
                    nc.s = (dt - t <= camp.window * 1000) and 'deleted_early' or 'lost'
                    res.r = nc.s
                else
                    nc.s = 'credited'
                    local n = count(target.c, nc, 1)
                    if n >= camp.goal and redis.call('HEXISTS', ck, target.p .. '|goal') == 0 then
                        redis.call('HSET', ck, target.p .. '|goal', 'pending')
                    end
                    if redis.call('HEXISTS', pk, x) == 0 then
                        redis.call('HSET', pk, x, cjson.encode({c = target.c, p = x, inviter = target.p, depth = (inviter.depth or 0) + 1, source = 'invited', joined = t}))
                        redis.call('ZADD', bk, 'NX', 0, x)
                    end
                    res.r = 'credited'
                    res.credit = change(target.c, target.p, x, n)
                end
                rec.cr = nc
            end
        end
        redis.call('HSET', KEYS[4], x, cjson.encode(rec))
        return cjson.encode(res)
        """;

    // KEYS: grants, campaigns, states (unused), customers, A participants, A counts, A board, and A's keys again.
    // ARGV: customer, employee, deleted ms, campaign A or '', campaign A or ''.
    private const string DeleteScript = Common + "\n" + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return cjson.encode({r = 'no_grant'}) end
        if redis.call('EXISTS', KEYS[2]) == 0 then return cjson.encode({r = 'no_campaigns'}) end
        local x, u, t = ARGV[1], ARGV[2], tonumber(ARGV[3])
        local raw = redis.call('HGET', KEYS[4], x)
        local rec = raw and cjson.decode(raw) or {}
        local cr = rec.cr
        if ((cr and cr.c) or '') ~= ARGV[4] then return cjson.encode({r = 'stale'}) end
        if cr and cr.u == u and t >= cr.t then
            if cr.s == 'credited' then
                local n = count(cr.c, cr, -1)
                cr.s = (t - cr.t <= window_of(cr.c) * 1000) and 'deleted_early' or 'lost'
                cr.dt = t
                redis.call('HSET', KEYS[4], x, cjson.encode(rec))
                return cjson.encode({r = 'revoked', revoked = change(cr.c, cr.p, x, n, cr.s)})
            end
            if (cr.s == 'deleted_early' or cr.s == 'lost') and cr.dt == t then
                local _, ck = keys_of(cr.c)
                return cjson.encode({r = 'repeat', revoked = change(cr.c, cr.p, x, tonumber(redis.call('HGET', ck, cr.p .. '|1') or '0'), cr.s)})
            end
        end
        local dels = rec.dels or {}
        for _, d in ipairs(dels) do
            if d.u == u and d.t == t then return cjson.encode({r = 'recorded'}) end
        end
        table.insert(dels, {u = u, t = t})
        if #dels > 16 then table.remove(dels, 1) end
        rec.dels = dels
        redis.call('HSET', KEYS[4], x, cjson.encode(rec))
        return cjson.encode({r = 'recorded'})
        """;

    public async Task<FissionCampaignCreateResult> CreateCampaignAsync(string corpId, FissionCampaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        FissionStates.ValidateCampaignId(campaign.Id);
        FissionStates.ValidatePrefix(campaign.StatePrefix);
        RedisKey[] keys =
        [
            RedisKeys.CorpGrants(corpId), RedisKeys.FissionCampaigns(corpId), RedisKeys.CorpKeyIndex(corpId),
            RedisKeys.FissionParticipants(corpId, campaign.Id), RedisKeys.FissionCounts(corpId, campaign.Id), RedisKeys.FissionBoard(corpId, campaign.Id),
        ];
        var answer = await EvalAsync("fission campaign create", CreateScript, keys, [campaign.Id, FissionRecords.Write(campaign), campaign.StatePrefix]);
        return answer.ToString() switch
        {
            "created" => FissionCampaignCreateResult.Created,
            "id_taken" => FissionCampaignCreateResult.IdTaken,
            "prefix_taken" => FissionCampaignCreateResult.PrefixTaken,
            _ => FissionCampaignCreateResult.NotAuthorized,
        };
    }

    public async Task<FissionCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        var json = await RedisCalls.RunAsync("fission campaign read", () => redis.GetDatabase().HashGetAsync(RedisKeys.FissionCampaigns(corpId), campaignId));
        return json.IsNull ? null : FissionRecords.ReadCampaign(json.ToString());
    }

    public async Task<IReadOnlyList<FissionCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken)
    {
        var all = await RedisCalls.RunAsync("fission campaigns read", () => redis.GetDatabase().HashValuesAsync(RedisKeys.FissionCampaigns(corpId)));
        return [.. all.Select(v => FissionRecords.ReadCampaign(v.ToString())).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<FissionJoin> JoinAsync(string corpId, string campaignId, string externalUserId, string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        FissionStates.ValidateCampaignId(campaignId);
        ArgumentException.ThrowIfNullOrEmpty(state);
        RedisKey[] keys =
        [
            RedisKeys.CorpGrants(corpId), RedisKeys.FissionCampaigns(corpId), RedisKeys.FissionStates(corpId),
            RedisKeys.FissionParticipants(corpId, campaignId), RedisKeys.FissionBoard(corpId, campaignId),
        ];
        var answer = (RedisResult[])(await EvalAsync("fission join", JoinScript, keys, [campaignId, Customers.ExternalUserIds.Validate(externalUserId), state, now.ToUnixTimeMilliseconds()]))!;
        var result = answer[0].ToString() switch
        {
            "joined" => FissionJoinResult.Joined,
            "exists" => FissionJoinResult.AlreadyJoined,
            "state_taken" => FissionJoinResult.StateTaken,
            "no_campaign" => FissionJoinResult.NoCampaign,
            _ => FissionJoinResult.NotAuthorized,
        };
        return new FissionJoin(result, answer.Length > 1 ? await ViewAsync(corpId, FissionRecords.ReadParticipant(answer[1].ToString())) : null);
    }

    public async Task<FissionParticipant?> SetPosterAsync(string corpId, string campaignId, string externalUserId, string configId, string posterUrl, CancellationToken cancellationToken)
    {
        FissionStates.ValidateCampaignId(campaignId);
        RedisKey[] keys = [RedisKeys.CorpGrants(corpId), RedisKeys.FissionParticipants(corpId, campaignId)];
        var answer = await EvalAsync("fission poster write", PosterScript, keys, [externalUserId, configId, posterUrl]);
        return answer.IsNull ? null : await ViewAsync(corpId, FissionRecords.ReadParticipant(answer.ToString()));
    }

    public async Task<FissionParticipant?> GetParticipantAsync(string corpId, string campaignId, string externalUserId, CancellationToken cancellationToken)
    {
        FissionStates.ValidateCampaignId(campaignId);
        var json = await RedisCalls.RunAsync("fission participant read", () => redis.GetDatabase().HashGetAsync(RedisKeys.FissionParticipants(corpId, campaignId), externalUserId));
        return json.IsNull ? null : await ViewAsync(corpId, FissionRecords.ReadParticipant(json.ToString()));
    }

    public async Task<IReadOnlyList<FissionParticipant>> LeaderboardAsync(string corpId, string campaignId, int top, CancellationToken cancellationToken)
    {
        FissionStates.ValidateCampaignId(campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var database = redis.GetDatabase();
        var ids = await RedisCalls.RunAsync("fission leaderboard read", () =>
            database.SortedSetRangeByRankAsync(RedisKeys.FissionBoard(corpId, campaignId), 0, top - 1, Order.Descending));
        if (ids.Length == 0)
        {
            return [];
        }

        var records = await RedisCalls.RunAsync("fission leaderboard read", () => database.HashGetAsync(RedisKeys.FissionParticipants(corpId, campaignId), ids));
        var counts = await CountsAsync(corpId, campaignId, ids.Select(i => i.ToString()).ToArray());
        return [.. records.Where(r => !r.IsNull).Select(r => FissionRecords.ReadParticipant(r.ToString())).Select(p => View(p, counts))];
    }

    public async Task<FissionAddOutcome> RecordAddAsync(string corpId, FissionAdd add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        Customers.ExternalUserIds.Validate(add.CustomerId);
        ArgumentException.ThrowIfNullOrEmpty(add.EmployeeId);
        var database = redis.GetDatabase();
        for (var attempt = 0; attempt < StaleRetries; attempt++)
        {
            var credited = await CreditCampaignAsync(corpId, add.CustomerId);
            var target = string.Empty;
            if (add.State.Length > 0)
            {
                var owner = await RedisCalls.RunAsync("fission state read", () => database.HashGetAsync(RedisKeys.FissionStates(corpId), add.State));
                target = owner.IsNull ? string.Empty : owner.ToString().Split(' ')[0];
            }

            RedisValue[] values =
            [
                add.CustomerId, add.EmployeeId, add.State, add.AddedAt.ToUnixTimeMilliseconds(),
                add.KnownSince is { } known ? known.ToUnixTimeMilliseconds() : string.Empty, credited, target,
            ];
            var answer = Parse(await EvalAsync("fission add", AddScript, ScriptKeys(corpId, credited, target), values));
            var result = answer.GetProperty("r").GetString();
            if (result == "stale")
            {
                continue;
            }

            return new FissionAddOutcome(
                result switch
                {
                    "no_grant" => FissionAddResult.NotAuthorized,
                    "no_campaigns" => FissionAddResult.NoCampaigns,
                    "not_fission" => FissionAddResult.NotFission,
                    "credited" => FissionAddResult.Credited,
                    "repeat" => FissionAddResult.Repeat,
                    "readd" => FissionAddResult.ReAdd,
                    "self" => FissionAddResult.SelfAdd,
                    "not_customer" => FissionAddResult.NotCustomer,
                    "outside" => FissionAddResult.OutsideCampaign,
                    "deleted_early" => FissionAddResult.DeletedEarly,
                    "lost" => FissionAddResult.Lost,
                    _ => throw new InvalidDataException($"The fission add script answered '{result}'."),
                },
                Change(answer, "credit"),
                Change(answer, "revoked"));
        }

        throw new StoreUnavailableException("fission add", new InvalidOperationException($"The customer's campaigns kept changing over {StaleRetries} attempts."));
    }

    public async Task<FissionDeleteOutcome> RecordDeleteAsync(string corpId, string customerId, string employeeId, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        Customers.ExternalUserIds.Validate(customerId);
        ArgumentException.ThrowIfNullOrEmpty(employeeId);
        for (var attempt = 0; attempt < StaleRetries; attempt++)
        {
            var credited = await CreditCampaignAsync(corpId, customerId);
            RedisValue[] values = [customerId, employeeId, deletedAt.ToUnixTimeMilliseconds(), credited, credited];
            var answer = Parse(await EvalAsync("fission delete", DeleteScript, ScriptKeys(corpId, credited, credited), values));
            var result = answer.GetProperty("r").GetString();
            if (result == "stale")
            {
                continue;
            }

            return new FissionDeleteOutcome(
                result switch
                {
                    "no_grant" => FissionDeleteResult.NotAuthorized,
                    "no_campaigns" => FissionDeleteResult.NoCampaigns,
                    "revoked" => FissionDeleteResult.Revoked,
                    "repeat" => FissionDeleteResult.Repeat,
                    "recorded" => FissionDeleteResult.Recorded,
                    _ => throw new InvalidDataException($"The fission delete script answered '{result}'."),
                },
                Change(answer, "revoked"));
        }

        throw new StoreUnavailableException("fission delete", new InvalidOperationException($"The customer's campaigns kept changing over {StaleRetries} attempts."));
    }

    public async Task<bool> MarkGoalPublishedAsync(string corpId, string campaignId, string participantId, CancellationToken cancellationToken)
    {
        FissionStates.ValidateCampaignId(campaignId);
        RedisKey[] keys = [RedisKeys.CorpGrants(corpId), RedisKeys.FissionCounts(corpId, campaignId)];
        return (long)await EvalAsync("fission goal mark", GoalSentScript, keys, [participantId]) == 1;
    }

    /// <summary>The campaign of the customer's recorded credit ('' when none), read before the script that re-checks it.</summary>
    private async Task<string> CreditCampaignAsync(string corpId, string customerId)
    {
        var raw = await RedisCalls.RunAsync("fission customer read", () => redis.GetDatabase().HashGetAsync(RedisKeys.FissionCustomers(corpId), customerId));
        if (raw.IsNull)
        {
            return string.Empty;
        }

        using var record = JsonDocument.Parse(raw.ToString());
        return record.RootElement.TryGetProperty("cr", out var credit) && credit.TryGetProperty("c", out var campaign) ? campaign.GetString() ?? string.Empty : string.Empty;
    }

    /// <summary>The fixed keys and the keys of campaigns A and B; a campaign that is '' gets names no script writes ('_' is no campaign id).</summary>
    private static RedisKey[] ScriptKeys(string corpId, string a, string b)
    {
        var ka = a.Length > 0 ? a : "_";
        var kb = b.Length > 0 ? b : "_";
        return
        [
            RedisKeys.CorpGrants(corpId), RedisKeys.FissionCampaigns(corpId), RedisKeys.FissionStates(corpId), RedisKeys.FissionCustomers(corpId),
            RedisKeys.FissionParticipants(corpId, ka), RedisKeys.FissionCounts(corpId, ka), RedisKeys.FissionBoard(corpId, ka),
            RedisKeys.FissionParticipants(corpId, kb), RedisKeys.FissionCounts(corpId, kb), RedisKeys.FissionBoard(corpId, kb),
        ];
    }

    private static JsonElement Parse(RedisResult result)
    {
        using var document = JsonDocument.Parse(result.ToString());
        return document.RootElement.Clone();
    }

    private static FissionCreditChange? Change(JsonElement answer, string name)
    {
        if (!answer.TryGetProperty(name, out var c) || c.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var goal = c.GetProperty("goal").GetString();
        var why = c.GetProperty("why").GetString();
        return new FissionCreditChange(
            c.GetProperty("c").GetString()!, c.GetProperty("p").GetString()!, c.GetProperty("x").GetString()!, (long)c.GetProperty("n").GetDouble(),
            string.IsNullOrEmpty(goal) ? null : goal, string.IsNullOrEmpty(why) ? null : why);
    }

    private async Task<FissionParticipant> ViewAsync(string corpId, FissionRecords.ParticipantRecord p) =>
        View(p, await CountsAsync(corpId, p.C, [p.P]));

    private static FissionParticipant View(FissionRecords.ParticipantRecord p, Dictionary<string, string> counts) =>
        FissionRecords.View(p, Number(counts, p.P + "|1"), Number(counts, p.P + "|2"), Number(counts, p.P + "|3"), counts.ContainsKey(p.P + "|goal"));

    private async Task<Dictionary<string, string>> CountsAsync(string corpId, string campaignId, string[] participants)
    {
        RedisValue[] fields = [.. participants.SelectMany(p => new RedisValue[] { p + "|1", p + "|2", p + "|3", p + "|goal" })];
        var values = await RedisCalls.RunAsync("fission counts read", () => redis.GetDatabase().HashGetAsync(RedisKeys.FissionCounts(corpId, campaignId), fields));
        var counts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            if (!values[i].IsNull)
            {
                counts[fields[i].ToString()] = values[i].ToString();
            }
        }

        return counts;
    }

    private static long Number(Dictionary<string, string> counts, string field) =>
        counts.TryGetValue(field, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private Task<RedisResult> EvalAsync(string operation, string script, RedisKey[] keys, RedisValue[] values) =>
        RedisCalls.RunAsync(operation, () => redis.GetDatabase().ScriptEvaluateAsync(script, keys, values));
}
