using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Leads;

/// <summary>The embedded default: the same transitions and counters as <see cref="RedisLeadStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryLeadStore : InMemoryCorpData, ILeadStore
{
    private readonly Dictionary<string, CorpLeads> _corps = new(StringComparer.Ordinal);

    public Task<LeadImportResult> ImportAsync(string corpId, IReadOnlyList<NewLead> leads, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(leads);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new LeadImportResult(0, 0, []));
            }

            var corp = Corp(corpId);
            var ids = new List<string>(leads.Count);
            var imported = 0;
            var order = 0L;
            foreach (var lead in leads)
            {
                if (corp.Phones.TryGetValue(lead.Phone, out var existing))
                {
                    ids.Add(existing);
                    continue;
                }

                var id = LeadIds.New();
                corp.Phones[lead.Phone] = id;
                corp.Leads[id] = new Lead(id, lead.Phone, lead.Name, lead.Source, [.. lead.Tags], LeadStatus.Pooled, Millis(now), 0, null, null, null, false, [], null, null, null);
                corp.Pool[id] = now.ToUnixTimeMilliseconds() + order++;
                Count(corp, "imported", string.Empty, lead.Source);
                ids.Add(id);
                imported++;
            }

            return Task.FromResult(new LeadImportResult(imported, leads.Count - imported, ids));
        }
    }

    public Task<Lead?> GetAsync(string corpId, string leadId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Leads.GetValueOrDefault(leadId));
        }
    }

    public Task<Lead?> FindByPhoneAsync(string corpId, string phone, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentException.ThrowIfNullOrEmpty(phone);
        lock (Gate)
        {
            var corp = _corps.GetValueOrDefault(corpId);
            return Task.FromResult(corp is not null && corp.Phones.TryGetValue(phone, out var id) ? corp.Leads.GetValueOrDefault(id) : null);
        }
    }

    public Task<bool> HasLeadsAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Phones.Count > 0);
        }
    }

    public Task<LeadPoolSettings?> GetSettingsAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Settings);
        }
    }

    public Task<bool> SaveSettingsAsync(string corpId, LeadPoolSettings settings, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(settings);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(false);
            }

            Corp(corpId).Settings = settings;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Lead>> PooledAsync(string corpId, int max, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (Gate)
        {
            var corp = _corps.GetValueOrDefault(corpId);
            IReadOnlyList<Lead> pooled = corp is null
                ? []
                : [.. corp.Pool.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(max).Select(p => corp.Leads[p.Key])];
            return Task.FromResult(pooled);
        }
    }

    public Task<LeadAssignmentState> GetAssignmentAsync(string corpId, string day, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.ValidateDay(day);
        lock (Gate)
        {
            var corp = _corps.GetValueOrDefault(corpId);
            var counts = corp?.Days.GetValueOrDefault(day) ?? [];
            return Task.FromResult(new LeadAssignmentState(corp?.Version ?? 0, corp?.Cursor ?? 0, new Dictionary<string, int>(counts, StringComparer.Ordinal)));
        }
    }

    public Task<(LeadAssignResult Result, Lead? Lead)> TryAssignAsync(
        string corpId, string leadId, string userId, long expectedVersion, long nextCursor, string day, DateTimeOffset now, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        LeadIds.ValidateDay(day);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult<(LeadAssignResult, Lead?)>((LeadAssignResult.NotAuthorized, null));
            }

            var corp = Corp(corpId);
            if (corp.Version != expectedVersion)
            {
                return Task.FromResult<(LeadAssignResult, Lead?)>((LeadAssignResult.Conflict, null));
            }

            if (corp.Leads.GetValueOrDefault(leadId) is not { Status: LeadStatus.Pooled } lead)
            {
                return Task.FromResult<(LeadAssignResult, Lead?)>((LeadAssignResult.NotPooled, null));
            }

            corp.Version = expectedVersion + 1;
            corp.Cursor = nextCursor;
            var counts = corp.Days.TryGetValue(day, out var c) ? c : corp.Days[day] = new Dictionary<string, int>(StringComparer.Ordinal);
            counts[userId] = counts.GetValueOrDefault(userId) + 1;
            var assigned = lead with
            {
                Status = LeadStatus.Assigned, Attempt = lead.Attempt + 1, Assignee = userId, AssignedAt = Millis(now), Deadline = Millis(deadline), Reminded = false,
            };
            corp.Leads[leadId] = assigned;
            corp.Pool.Remove(leadId);
            corp.Due[leadId] = now.ToUnixTimeMilliseconds();
            Count(corp, "assigned", userId, lead.Source);
            return Task.FromResult<(LeadAssignResult, Lead?)>((LeadAssignResult.Assigned, assigned));
        }
    }

    public Task<bool> ExhaustAsync(string corpId, string leadId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _corps.GetValueOrDefault(corpId) is not { } corp || corp.Leads.GetValueOrDefault(leadId) is not { Status: LeadStatus.Pooled } lead)
            {
                return Task.FromResult(false);
            }

            corp.Leads[leadId] = lead with { Status = LeadStatus.Exhausted };
            corp.Pool.Remove(leadId);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (Gate)
        {
            if (_corps.GetValueOrDefault(corpId) is not { } corp)
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            var nowMs = now.ToUnixTimeMilliseconds();
            var due = corp.Due.Where(d => d.Value <= nowMs).OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(max).Select(d => d.Key).ToList();
            due.ForEach(id => corp.Due[id] = (now + lease).ToUnixTimeMilliseconds());
            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    public Task<Lead?> ReturnToPoolAsync(string corpId, string leadId, int attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _corps.GetValueOrDefault(corpId) is not { } corp
                || corp.Leads.GetValueOrDefault(leadId) is not { Status: LeadStatus.Assigned } lead
                || lead.Attempt != attempt || lead.Deadline!.Value.ToUnixTimeMilliseconds() > now.ToUnixTimeMilliseconds())
            {
                return Task.FromResult<Lead?>(null);
            }

            corp.Leads[leadId] = lead with
            {
                Status = LeadStatus.Pooled, Tried = [.. lead.Tried, lead.Assignee!], Reminded = false, Assignee = null, AssignedAt = null, Deadline = null,
            };
            corp.Due.Remove(leadId);
            corp.Pool[leadId] = now.ToUnixTimeMilliseconds();
            Count(corp, "returned", lead.Assignee!, lead.Source);
            return Task.FromResult<Lead?>(lead);
        }
    }

    public Task<bool> MarkRemindedAsync(string corpId, string leadId, int attempt, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _corps.GetValueOrDefault(corpId) is not { } corp
                || corp.Leads.GetValueOrDefault(leadId) is not { Status: LeadStatus.Assigned } lead || lead.Attempt != attempt)
            {
                return Task.FromResult(false);
            }

            corp.Leads[leadId] = lead with { Reminded = true };
            corp.Due[leadId] = lead.Deadline!.Value.ToUnixTimeMilliseconds();
            return Task.FromResult(true);
        }
    }

    public Task<(LeadConvertResult Result, Lead? Lead)> ConvertAsync(
        string corpId, string leadId, string externalUserId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        LeadIds.Validate(leadId);
        ArgumentException.ThrowIfNullOrEmpty(externalUserId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _corps.GetValueOrDefault(corpId) is not { } corp || corp.Leads.GetValueOrDefault(leadId) is not { } lead)
            {
                return Task.FromResult<(LeadConvertResult, Lead?)>((LeadConvertResult.NotFound, null));
            }

            if (lead.Status == LeadStatus.Converted)
            {
                return Task.FromResult<(LeadConvertResult, Lead?)>((LeadConvertResult.AlreadyConverted, lead));
            }

            var converted = lead with { Status = LeadStatus.Converted, ConvertedAt = Millis(now), ConvertedBy = userId, ExternalUserId = externalUserId };
            corp.Leads[leadId] = converted;
            corp.Due.Remove(leadId);
            corp.Pool.Remove(leadId);
            Count(corp, "converted", userId, lead.Source);
            return Task.FromResult<(LeadConvertResult, Lead?)>((LeadConvertResult.Converted, converted));
        }
    }

    public Task<IReadOnlyList<LeadReportRow>> ReportAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            var corp = _corps.GetValueOrDefault(corpId);
            return Task.FromResult(LeadReports.Rows(corp?.Report.Select(r => (r.Key, r.Value)) ?? []));
        }
    }

    public Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _corps.Where(c => c.Value.Pool.Count > 0 || c.Value.Due.Count > 0).Select(c => c.Key).Order(StringComparer.Ordinal)]);
        }
    }

    protected override long RemoveCorp(string corpId)
    {
        if (!_corps.Remove(corpId, out var corp))
        {
            return 0;
        }

        // Counted as Redis keys: each lead and day hash, and the fixed keys that exist.
        return corp.Leads.Count + corp.Days.Count + 3 + (corp.Due.Count > 0 ? 1 : 0) + (corp.Pool.Count > 0 ? 1 : 0) + (corp.Settings is null ? 0 : 1);
    }

    private CorpLeads Corp(string corpId) => _corps.TryGetValue(corpId, out var corp) ? corp : _corps[corpId] = new CorpLeads();

    private static void Count(CorpLeads corp, string kind, string userId, string source)
    {
        var field = LeadIds.ReportField(kind, userId, source);
        corp.Report[field] = corp.Report.GetValueOrDefault(field) + 1;
    }

    private static DateTimeOffset Millis(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private sealed class CorpLeads
    {
        public Dictionary<string, Lead> Leads { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Phones { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Pool { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Due { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<string, int>> Days { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Report { get; } = new(StringComparer.Ordinal);

        public LeadPoolSettings? Settings { get; set; }

        public long Version { get; set; }

        public long Cursor { get; set; }
    }
}
