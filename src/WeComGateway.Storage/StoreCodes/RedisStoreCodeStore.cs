using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>
/// Hashes of JSON records under <c>wecomgw:{corpId}:storecodes:</c> (see <see cref="StoreCodeKeys"/>); every write is a
/// script over them and the corp's grant set (one hash slot), so nothing of a corp without a grant is written.
/// </summary>
public sealed class RedisStoreCodeStore(IConnectionMultiplexer redis) : IStoreCodeStore
{
    // KEYS: hash, grants. ARGV: field.
    private const string DeleteField = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        return redis.call('HDEL', KEYS[1], ARGV[1])
        """;

    // KEYS: joinways, chats, grants. ARGV: config id, json, chat ids….
    private const string SaveWay = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        for i = 3, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], ARGV[1]) end
        return 1
        """;

    // KEYS: joinways, chats, grants. ARGV: config id, chat ids…. Chats now pointing at another way are left alone.
    private const string DeleteWay = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        for i = 2, #ARGV do
            if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[i]) end
        end
        return redis.call('HDEL', KEYS[1], ARGV[1])
        """;

    // KEYS: codes, grants, joinways, chats. ARGV: field, code json, [way config id, way json, chat ids…].
    // Answers {1, json} when kept, {0, json of the code kept before}, or {-1} without a grant.
    private const string AddCode = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return {-1} end
        local kept = redis.call('HGET', KEYS[1], ARGV[1])
        if kept then return {0, kept} end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if #ARGV >= 4 then
            redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
            for i = 5, #ARGV do redis.call('HSET', KEYS[4], ARGV[i], ARGV[3]) end
        end
        return {1, ARGV[2]}
        """;

    // KEYS: counts, grants. ARGV: counter.
    private const string Increment = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
        return 1
        """;

    // KEYS: counts, counted, grants. ARGV: event key, now ms, window ms, amount, counters….
    // The check and the counts in one step: {1 counted | 0 duplicate | -1 no grant, the first counter's value}.
    private const string CountOnce = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return {-1, 0} end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
        if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
            return {0, tonumber(redis.call('HGET', KEYS[1], ARGV[5]) or '0')}
        end
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        local total = 0
        for i = 5, #ARGV do
            local value = redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[4])
            if i == 5 then total = value end
        end
        return {1, total}
        """;

    public Task<bool> SaveStoreAsync(string corpId, StoreSite store, CancellationToken cancellationToken) =>
        SetAsync(StoreCodeKeys.Stores(corpId), corpId, store.Id, StoreCodeJson.Write(store), "store write");

    public Task<StoreSite?> GetStoreAsync(string corpId, string storeId, CancellationToken cancellationToken) =>
        GetAsync<StoreSite>(StoreCodeKeys.Stores(corpId), storeId, "store read");

    public async Task<IReadOnlyList<StoreSite>> ListStoresAsync(string corpId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<StoreSite>(StoreCodeKeys.Stores(corpId), "store list")).OrderBy(s => s.Id, StringComparer.Ordinal)];

    public Task<bool> DeleteStoreAsync(string corpId, string storeId, CancellationToken cancellationToken) =>
        DeleteAsync(StoreCodeKeys.Stores(corpId), corpId, storeId, "store delete");

    public Task<bool> SaveCampaignAsync(string corpId, StoreCampaign campaign, CancellationToken cancellationToken) =>
        SetAsync(StoreCodeKeys.Campaigns(corpId), corpId, campaign.Id, StoreCodeJson.Write(campaign), "store campaign write");

    public Task<StoreCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        GetAsync<StoreCampaign>(StoreCodeKeys.Campaigns(corpId), campaignId, "store campaign read");

    public async Task<IReadOnlyList<StoreCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<StoreCampaign>(StoreCodeKeys.Campaigns(corpId), "store campaign list")).OrderBy(c => c.Id, StringComparer.Ordinal)];

    public Task<bool> DeleteCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        DeleteAsync(StoreCodeKeys.Campaigns(corpId), corpId, campaignId, "store campaign delete");

    public Task<StoreCode?> GetCodeAsync(string corpId, string campaignId, string storeId, CancellationToken cancellationToken) =>
        GetAsync<StoreCode>(StoreCodeKeys.Codes(corpId), StoreCodeJson.CodeField(campaignId, storeId), "store code read");

    public async Task<IReadOnlyList<StoreCode>> ListCodesAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<StoreCode>(StoreCodeKeys.Codes(corpId), "store code list"))
            .Where(c => c.CampaignId == campaignId)
            .OrderBy(c => c.StoreId, StringComparer.Ordinal)];

    public async Task<StoreCode?> AddCodeAsync(string corpId, StoreCode code, GroupJoinWay? joinWay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        RedisKey[] keys = [StoreCodeKeys.Codes(corpId), RedisKeys.CorpGrants(corpId), StoreCodeKeys.JoinWays(corpId), StoreCodeKeys.Chats(corpId)];
        List<RedisValue> values = [StoreCodeJson.CodeField(code.CampaignId, code.StoreId), StoreCodeJson.Write(code)];
        if (joinWay is not null)
        {
            values.Add(joinWay.ConfigId);
            values.Add(StoreCodeJson.Write(joinWay));
            values.AddRange(joinWay.ChatIds.Select(c => (RedisValue)c));
        }

        var answer = (RedisResult[])(await RedisCalls.RunAsync("store code add", () => redis.GetDatabase().ScriptEvaluateAsync(AddCode, keys, [.. values])))!;
        return (long)answer[0] < 0 ? null : StoreCodeJson.Read<StoreCode>(answer[1].ToString());
    }

    public async Task<bool> SaveJoinWayAsync(string corpId, GroupJoinWay joinWay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(joinWay);
        RedisKey[] keys = [StoreCodeKeys.JoinWays(corpId), StoreCodeKeys.Chats(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [joinWay.ConfigId, StoreCodeJson.Write(joinWay), .. joinWay.ChatIds.Select(c => (RedisValue)c)];
        return (long)await RedisCalls.RunAsync("join way write", () => redis.GetDatabase().ScriptEvaluateAsync(SaveWay, keys, values)) == 1;
    }

    public Task<GroupJoinWay?> GetJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken) =>
        GetAsync<GroupJoinWay>(StoreCodeKeys.JoinWays(corpId), configId, "join way read");

    public async Task<IReadOnlyList<GroupJoinWay>> ListJoinWaysAsync(string corpId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<GroupJoinWay>(StoreCodeKeys.JoinWays(corpId), "join way list")).OrderBy(w => w.CreatedAt).ThenBy(w => w.ConfigId, StringComparer.Ordinal)];

    public async Task<bool> DeleteJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken)
    {
        if (await GetJoinWayAsync(corpId, configId, cancellationToken) is not { } way)
        {
            return false;
        }

        RedisKey[] keys = [StoreCodeKeys.JoinWays(corpId), StoreCodeKeys.Chats(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [configId, .. way.ChatIds.Select(c => (RedisValue)c)];
        return (long)await RedisCalls.RunAsync("join way delete", () => redis.GetDatabase().ScriptEvaluateAsync(DeleteWay, keys, values)) == 1;
    }

    public async Task<GroupJoinWay?> FindJoinWayByChatAsync(string corpId, string chatId, CancellationToken cancellationToken)
    {
        var configId = await RedisCalls.RunAsync("join way by chat", () => redis.GetDatabase().HashGetAsync(StoreCodeKeys.Chats(corpId), chatId));
        return configId.IsNullOrEmpty ? null : await GetJoinWayAsync(corpId, configId.ToString(), cancellationToken);
    }

    public Task<bool> SaveTemplateAsync(string corpId, GroupWelcomeTemplateEntry template, CancellationToken cancellationToken) =>
        SetAsync(StoreCodeKeys.Templates(corpId), corpId, template.TemplateId, StoreCodeJson.Write(template), "group welcome template write");

    public async Task<IReadOnlyList<GroupWelcomeTemplateEntry>> ListTemplatesAsync(string corpId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<GroupWelcomeTemplateEntry>(StoreCodeKeys.Templates(corpId), "group welcome template list")).OrderBy(t => t.CreatedAt)];

    public Task<bool> DeleteTemplateAsync(string corpId, string templateId, CancellationToken cancellationToken) =>
        DeleteAsync(StoreCodeKeys.Templates(corpId), corpId, templateId, "group welcome template delete");

    public async Task<bool> IncrementAsync(string corpId, string counter, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [StoreCodeKeys.Counts(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("store code count", () => redis.GetDatabase().ScriptEvaluateAsync(Increment, keys, [counter])) == 1;
    }

    public async Task<CountResult> CountOnceAsync(
        string corpId, string eventKey, IReadOnlyList<string> counters, long amount, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventKey);
        ArgumentOutOfRangeException.ThrowIfZero(counters.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        RedisKey[] keys = [StoreCodeKeys.Counts(corpId), StoreCodeKeys.Counted(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [eventKey, now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, amount, .. counters.Select(c => (RedisValue)c)];
        var answer = (RedisResult[])(await RedisCalls.RunAsync("store code count once", () => redis.GetDatabase().ScriptEvaluateAsync(CountOnce, keys, values)))!;
        var outcome = (long)answer[0] switch
        {
            1 => CountOutcome.Counted,
            0 => CountOutcome.Duplicate,
            _ => CountOutcome.NotAuthorized,
        };
        return new CountResult(outcome, (long)answer[1]);
    }

    public async Task<StoreCodeCounts> GetCountsAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = StoreCodeKeys.Counts(corpId);
        var fields = await RedisCalls.RunAsync("store code counts read", () => redis.GetDatabase().HashGetAllAsync(key));
        return new StoreCodeCounts(fields.ToDictionary(f => f.Name.ToString(), f => (long)f.Value, StringComparer.Ordinal));
    }

    private async Task<bool> SetAsync(RedisKey hash, string corpId, string field, string json, string operation)
    {
        RedisKey[] keys = [hash, RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync(operation, () => redis.GetDatabase().ScriptEvaluateAsync(CorpScripts.SetHashFields, keys, [field, json])) == 1;
    }

    private async Task<bool> DeleteAsync(RedisKey hash, string corpId, string field, string operation)
    {
        RedisKey[] keys = [hash, RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync(operation, () => redis.GetDatabase().ScriptEvaluateAsync(DeleteField, keys, [field])) == 1;
    }

    private async Task<T?> GetAsync<T>(RedisKey hash, string field, string operation)
        where T : class
    {
        var json = await RedisCalls.RunAsync(operation, () => redis.GetDatabase().HashGetAsync(hash, field));
        return json.IsNullOrEmpty ? null : StoreCodeJson.Read<T>(json.ToString());
    }

    private async Task<IEnumerable<T>> ListAsync<T>(RedisKey hash, string operation)
    {
        var values = await RedisCalls.RunAsync(operation, () => redis.GetDatabase().HashValuesAsync(hash));
        return values.Select(v => StoreCodeJson.Read<T>(v.ToString()));
    }
}
