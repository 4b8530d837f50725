using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>The embedded default: what <see cref="RedisStoreCodeStore"/> keeps, within one process, lost on restart.</summary>
public sealed class InMemoryStoreCodeStore : InMemoryCorpData, IStoreCodeStore
{
    private readonly Dictionary<string, CorpEntries> _corps = new(StringComparer.Ordinal);

    public Task<bool> SaveStoreAsync(string corpId, StoreSite store, CancellationToken cancellationToken) =>
        WriteAsync(corpId, c => c.Stores[store.Id] = store);

    public Task<StoreSite?> GetStoreAsync(string corpId, string storeId, CancellationToken cancellationToken) =>
        ReadAsync(corpId, c => c.Stores.GetValueOrDefault(storeId));

    public Task<IReadOnlyList<StoreSite>> ListStoresAsync(string corpId, CancellationToken cancellationToken) =>
        ReadListAsync(corpId, c => c.Stores.Values.OrderBy(s => s.Id, StringComparer.Ordinal));

    public Task<bool> DeleteStoreAsync(string corpId, string storeId, CancellationToken cancellationToken) =>
        RemoveAsync(corpId, c => c.Stores.Remove(storeId));

    public Task<bool> SaveCampaignAsync(string corpId, StoreCampaign campaign, CancellationToken cancellationToken) =>
        WriteAsync(corpId, c => c.Campaigns[campaign.Id] = campaign);

    public Task<StoreCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        ReadAsync(corpId, c => c.Campaigns.GetValueOrDefault(campaignId));

    public Task<IReadOnlyList<StoreCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken) =>
        ReadListAsync(corpId, c => c.Campaigns.Values.OrderBy(x => x.Id, StringComparer.Ordinal));

    public Task<bool> DeleteCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        RemoveAsync(corpId, c => c.Campaigns.Remove(campaignId));

    public Task<StoreCode?> GetCodeAsync(string corpId, string campaignId, string storeId, CancellationToken cancellationToken) =>
        ReadAsync(corpId, c => c.Codes.GetValueOrDefault(StoreCodeJson.CodeField(campaignId, storeId)));

    public Task<IReadOnlyList<StoreCode>> ListCodesAsync(string corpId, string campaignId, CancellationToken cancellationToken) =>
        ReadListAsync(corpId, c => c.Codes.Values.Where(x => x.CampaignId == campaignId).OrderBy(x => x.StoreId, StringComparer.Ordinal));

    public Task<StoreCode?> AddCodeAsync(string corpId, StoreCode code, GroupJoinWay? joinWay, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult<StoreCode?>(null);
            }

            var entries = Entries(corpId);
            var field = StoreCodeJson.CodeField(code.CampaignId, code.StoreId);
            if (entries.Codes.TryGetValue(field, out var kept))
            {
                return Task.FromResult<StoreCode?>(kept);
            }

            entries.Codes[field] = code;
            if (joinWay is not null)
            {
                entries.AddWay(joinWay);
            }

            return Task.FromResult<StoreCode?>(code);
        }
    }

    public Task<bool> SaveJoinWayAsync(string corpId, GroupJoinWay joinWay, CancellationToken cancellationToken) =>
        WriteAsync(corpId, c => c.AddWay(joinWay));

    public Task<GroupJoinWay?> GetJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken) =>
        ReadAsync(corpId, c => c.Ways.GetValueOrDefault(configId));

    public Task<IReadOnlyList<GroupJoinWay>> ListJoinWaysAsync(string corpId, CancellationToken cancellationToken) =>
        ReadListAsync(corpId, c => c.Ways.Values.OrderBy(w => w.CreatedAt).ThenBy(w => w.ConfigId, StringComparer.Ordinal));

    public Task<bool> DeleteJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken) =>
        RemoveAsync(corpId, c =>
        {
            if (!c.Ways.Remove(configId, out var way))
            {
                return false;
            }

            foreach (var chat in way.ChatIds)
            {
                if (c.Chats.GetValueOrDefault(chat) == configId)
                {
                    c.Chats.Remove(chat);
                }
            }

            return true;
        });

    public Task<GroupJoinWay?> FindJoinWayByChatAsync(string corpId, string chatId, CancellationToken cancellationToken) =>
        ReadAsync(corpId, c => c.Chats.TryGetValue(chatId, out var configId) ? c.Ways.GetValueOrDefault(configId) : null);

    public Task<bool> SaveTemplateAsync(string corpId, GroupWelcomeTemplateEntry template, CancellationToken cancellationToken) =>
        WriteAsync(corpId, c => c.Templates[template.TemplateId] = template);

    public Task<IReadOnlyList<GroupWelcomeTemplateEntry>> ListTemplatesAsync(string corpId, CancellationToken cancellationToken) =>
        ReadListAsync(corpId, c => c.Templates.Values.OrderBy(t => t.CreatedAt));

    public Task<bool> DeleteTemplateAsync(string corpId, string templateId, CancellationToken cancellationToken) =>
        RemoveAsync(corpId, c => c.Templates.Remove(templateId));

    public Task<bool> IncrementAsync(string corpId, string counter, CancellationToken cancellationToken) =>
        WriteAsync(corpId, c => c.Counts[counter] = c.Counts.GetValueOrDefault(counter) + 1);

    public Task<CountResult> CountOnceAsync(
        string corpId, string eventKey, IReadOnlyList<string> counters, long amount, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventKey);
        ArgumentOutOfRangeException.ThrowIfZero(counters.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new CountResult(CountOutcome.NotAuthorized, 0));
            }

            var entries = Entries(corpId);
            var nowMs = now.ToUnixTimeMilliseconds();
            var oldest = nowMs - (long)window.TotalMilliseconds;
            foreach (var stale in entries.Counted.Where(e => e.Value <= oldest).Select(e => e.Key).ToList())
            {
                entries.Counted.Remove(stale);
            }

            if (!entries.Counted.TryAdd(eventKey, nowMs))
            {
                return Task.FromResult(new CountResult(CountOutcome.Duplicate, entries.Counts.GetValueOrDefault(counters[0])));
            }

            foreach (var counter in counters)
            {
                entries.Counts[counter] = entries.Counts.GetValueOrDefault(counter) + amount;
            }

            return Task.FromResult(new CountResult(CountOutcome.Counted, entries.Counts[counters[0]]));
        }
    }

    public Task<StoreCodeCounts> GetCountsAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            var counts = _corps.TryGetValue(corpId, out var entries)
                ? new Dictionary<string, long>(entries.Counts, StringComparer.Ordinal)
                : new Dictionary<string, long>(StringComparer.Ordinal);
            return Task.FromResult(new StoreCodeCounts(counts));
        }
    }

    protected override long RemoveCorp(string corpId) => _corps.Remove(corpId, out var entries) ? entries.KeyCount : 0;

    private Task<bool> WriteAsync(string corpId, Action<CorpEntries> write)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(false);
            }

            write(Entries(corpId));
            return Task.FromResult(true);
        }
    }

    private Task<bool> RemoveAsync(string corpId, Func<CorpEntries, bool> remove)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(IsAdmitted(corpId) && _corps.TryGetValue(corpId, out var entries) && remove(entries));
        }
    }

    private Task<T?> ReadAsync<T>(string corpId, Func<CorpEntries, T?> read)
        where T : class
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.TryGetValue(corpId, out var entries) ? read(entries) : null);
        }
    }

    private Task<IReadOnlyList<T>> ReadListAsync<T>(string corpId, Func<CorpEntries, IEnumerable<T>> read)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<T>>(_corps.TryGetValue(corpId, out var entries) ? [.. read(entries)] : []);
        }
    }

    private CorpEntries Entries(string corpId)
    {
        if (!_corps.TryGetValue(corpId, out var entries))
        {
            entries = new CorpEntries();
            _corps[corpId] = entries;
        }

        return entries;
    }

    private sealed class CorpEntries
    {
        public Dictionary<string, StoreSite> Stores { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StoreCampaign> Campaigns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StoreCode> Codes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, GroupJoinWay> Ways { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Chats { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, GroupWelcomeTemplateEntry> Templates { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Counted { get; } = new(StringComparer.Ordinal);

        /// <summary>How many Redis keys these would be.</summary>
        public long KeyCount =>
            new[] { Stores.Count, Campaigns.Count, Codes.Count, Ways.Count, Chats.Count, Templates.Count, Counts.Count, Counted.Count }.Count(n => n > 0);

        public void AddWay(GroupJoinWay way)
        {
            Ways[way.ConfigId] = way;
            foreach (var chat in way.ChatIds)
            {
                Chats[chat] = way.ConfigId;
            }
        }
    }
}
