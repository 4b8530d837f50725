using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Campaigns;

/// <summary>The embedded default: the same decisions as <see cref="RedisCampaignStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryCampaignStore(TimeProvider time) : InMemoryCorpData, ICampaignStore
{
    private readonly Dictionary<string, Corp> _corps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withWork = new(StringComparer.Ordinal);

    public Task<CampaignCreateOutcome> CreateAsync(string corpId, CampaignRecord campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        CampaignIds.Validate(campaign.Id);
        lock (Gate)
        {
            if (!IsAdmitted(CorpKeys.Validate(corpId)))
            {
                return Task.FromResult(CampaignCreateOutcome.NotAuthorized);
            }

            var corp = CorpOf(corpId);
            if (corp.Campaigns.ContainsKey(campaign.Id))
            {
                return Task.FromResult(CampaignCreateOutcome.Exists);
            }

            corp.Campaigns[campaign.Id] = new Entry { Json = CampaignJson.Write(campaign), Version = 1, CreatedAt = campaign.CreatedAt };
            corp.Due[campaign.Id] = campaign.SendAt;
            _withWork.Add(corpId);
            return Task.FromResult(CampaignCreateOutcome.Created);
        }
    }

    public Task<CampaignSnapshot?> GetAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult(Find(corpId, campaignId) is { } e
                ? new CampaignSnapshot(
                    CampaignJson.Read<CampaignRecord>(e.Json), e.Version, e.Plan is null ? null : CampaignJson.Read<CampaignPlan>(e.Plan),
                    e.Tasks.ToDictionary(t => t.Key, t => CampaignJson.Read<CampaignTask>(t.Value), StringComparer.Ordinal))
                : null);
        }
    }

    public Task<IReadOnlyList<CampaignRecord>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<CampaignRecord>>(_corps.TryGetValue(corpId, out var corp)
                ? [.. corp.Campaigns.Values.OrderByDescending(e => e.CreatedAt).Select(e => CampaignJson.Read<CampaignRecord>(e.Json))]
                : []);
        }
    }

    public Task<bool> TryUpdateAsync(string corpId, CampaignRecord campaign, long expectedVersion, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || Find(corpId, campaign.Id) is not { } e || e.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            e.Json = CampaignJson.Write(campaign);
            e.Version = expectedVersion + 1;
            var corp = _corps[corpId];
            if (dueAt is { } due)
            {
                corp.Due[campaign.Id] = due;
                _withWork.Add(corpId);
            }
            else
            {
                corp.Due.Remove(campaign.Id);
            }

            return Task.FromResult(true);
        }
    }

    public Task<CampaignPlan?> SavePlanAsync(string corpId, string campaignId, CampaignPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || Find(corpId, campaignId) is not { } e)
            {
                return Task.FromResult<CampaignPlan?>(null);
            }

            e.Plan ??= CampaignJson.Write(plan);
            return Task.FromResult<CampaignPlan?>(CampaignJson.Read<CampaignPlan>(e.Plan));
        }
    }

    public Task<CampaignTask?> RecordTaskAsync(
        string corpId, string campaignId, CampaignTask task, string month, IReadOnlyList<string> counted, TimeSpan monthKeep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(counted);
        CampaignIds.ValidateMonth(month);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || Find(corpId, campaignId) is not { } e)
            {
                return Task.FromResult<CampaignTask?>(null);
            }

            if (e.Tasks.TryGetValue(task.Key, out var recorded))
            {
                return Task.FromResult<CampaignTask?>(CampaignJson.Read<CampaignTask>(recorded));
            }

            e.Tasks[task.Key] = CampaignJson.Write(task);
            var corp = _corps[corpId];
            if (counted.Count > 0)
            {
                if (!corp.Months.TryGetValue(month, out var counts) || counts.ExpiresAt <= time.GetUtcNow())
                {
                    corp.Months[month] = counts = new MonthCounts();
                }

                foreach (var id in counted.Distinct(StringComparer.Ordinal))
                {
                    counts.Counts[id] = counts.Counts.GetValueOrDefault(id) + 1;
                }

                counts.ExpiresAt = time.GetUtcNow() + monthKeep;
            }

            return Task.FromResult<CampaignTask?>(task);
        }
    }

    public Task UpdateTasksAsync(string corpId, string campaignId, IReadOnlyList<CampaignTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        lock (Gate)
        {
            if (IsAdmitted(corpId) && Find(corpId, campaignId) is { } e)
            {
                foreach (var task in tasks.Where(t => e.Tasks.ContainsKey(t.Key)))
                {
                    e.Tasks[task.Key] = CampaignJson.Write(task);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, int>> MonthlyCountsAsync(
        string corpId, string month, IReadOnlyList<string> externalUserIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalUserIds);
        CorpKeys.Validate(corpId);
        CampaignIds.ValidateMonth(month);
        lock (Gate)
        {
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            if (_corps.TryGetValue(corpId, out var corp) && corp.Months.TryGetValue(month, out var counts) && counts.ExpiresAt > time.GetUtcNow())
            {
                foreach (var id in externalUserIds)
                {
                    if (counts.Counts.TryGetValue(id, out var n))
                    {
                        result[id] = n;
                    }
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, int>>(result);
        }
    }

    public Task<IReadOnlyDictionary<string, int>> ResultsAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, int>>(Find(corpId, campaignId) is { } e
                ? new Dictionary<string, int>(e.Results, StringComparer.Ordinal)
                : new Dictionary<string, int>());
        }
    }

    public Task WriteResultsAsync(string corpId, string campaignId, IReadOnlyDictionary<string, int> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        lock (Gate)
        {
            if (IsAdmitted(corpId) && Find(corpId, campaignId) is { } e)
            {
                foreach (var (id, status) in statuses)
                {
                    e.Results[id] = status;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _withWork]);
        }
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (Gate)
        {
            if (!_corps.TryGetValue(corpId, out var corp) || corp.Due.Count == 0)
            {
                _withWork.Remove(corpId);
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            var due = corp.Due.Where(d => d.Value <= now).OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(max).Select(d => d.Key).ToList();
            foreach (var id in due)
            {
                corp.Due[id] = now + lease;
            }

            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    protected override long RemoveCorp(string corpId)
    {
        _withWork.Remove(corpId);
        if (!_corps.Remove(corpId, out var corp))
        {
            return 0;
        }

        return corp.Campaigns.Count + corp.Campaigns.Values.Count(e => e.Results.Count > 0) + corp.Months.Count + 2;
    }

    private Corp CorpOf(string corpId)
    {
        if (!_corps.TryGetValue(corpId, out var corp))
        {
            _corps[corpId] = corp = new Corp();
        }

        return corp;
    }

    private Entry? Find(string corpId, string campaignId)
    {
        CorpKeys.Validate(corpId);
        CampaignIds.Validate(campaignId);
        return _corps.TryGetValue(corpId, out var corp) ? corp.Campaigns.GetValueOrDefault(campaignId) : null;
    }

    private sealed class Corp
    {
        public Dictionary<string, Entry> Campaigns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset> Due { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MonthCounts> Months { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Entry
    {
        public required string Json { get; set; }

        public long Version { get; set; }

        public DateTimeOffset CreatedAt { get; init; }

        public string? Plan { get; set; }

        public Dictionary<string, string> Tasks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Results { get; } = new(StringComparer.Ordinal);
    }

    private sealed class MonthCounts
    {
        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
