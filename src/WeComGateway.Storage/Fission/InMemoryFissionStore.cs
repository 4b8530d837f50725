using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Storage.Fission;

/// <summary>The embedded default: the same decisions as <see cref="RedisFissionStore"/>'s scripts within one process, lost on restart.</summary>
public sealed class InMemoryFissionStore : InMemoryCorpData, IFissionStore
{
    private readonly Dictionary<string, CorpFission> _corps = new(StringComparer.Ordinal);

    public Task<FissionCampaignCreateResult> CreateCampaignAsync(string corpId, FissionCampaign campaign, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(campaign);
        FissionStates.ValidateCampaignId(campaign.Id);
        FissionStates.ValidatePrefix(campaign.StatePrefix);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(FissionCampaignCreateResult.NotAuthorized);
            }

            var corp = Corp(corpId);
            if (corp.Campaigns.ContainsKey(campaign.Id))
            {
                return Task.FromResult(FissionCampaignCreateResult.IdTaken);
            }

            if (corp.Campaigns.Values.Any(c => c.StatePrefix == campaign.StatePrefix))
            {
                return Task.FromResult(FissionCampaignCreateResult.PrefixTaken);
            }

            // As stored in Redis: whole milliseconds, whole seconds of window.
            corp.Campaigns[campaign.Id] = FissionRecords.ReadCampaign(FissionRecords.Write(campaign));
            return Task.FromResult(FissionCampaignCreateResult.Created);
        }
    }

    public Task<FissionCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Campaigns.GetValueOrDefault(campaignId));
        }
    }

    public Task<IReadOnlyList<FissionCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            IReadOnlyList<FissionCampaign> list = _corps.TryGetValue(corpId, out var corp)
                ? [.. corp.Campaigns.Values.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)]
                : [];
            return Task.FromResult(list);
        }
    }

    public Task<FissionJoin> JoinAsync(string corpId, string campaignId, string externalUserId, string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        FissionStates.ValidateCampaignId(campaignId);
        ExternalUserIds.Validate(externalUserId);
        ArgumentException.ThrowIfNullOrEmpty(state);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new FissionJoin(FissionJoinResult.NotAuthorized, null));
            }

            var corp = Corp(corpId);
            if (!corp.Campaigns.ContainsKey(campaignId))
            {
                return Task.FromResult(new FissionJoin(FissionJoinResult.NoCampaign, null));
            }

            var data = corp.Data(campaignId);
            var existing = data.Participants.GetValueOrDefault(externalUserId);
            if (existing is { State: not null })
            {
                return Task.FromResult(new FissionJoin(FissionJoinResult.AlreadyJoined, View(data, existing)));
            }

            if (!corp.States.TryAdd(state, (campaignId, externalUserId)))
            {
                return Task.FromResult(new FissionJoin(FissionJoinResult.StateTaken, null));
            }

            var joined = (existing ?? new FissionRecords.ParticipantRecord(campaignId, externalUserId, null, null, 0, FissionSources.Seed, null, null, 0))
                with { State = state, Joined = now.ToUnixTimeMilliseconds() };
            data.Participants[externalUserId] = joined;
            data.Board.TryAdd(externalUserId, 0);
            return Task.FromResult(new FissionJoin(FissionJoinResult.Joined, View(data, joined)));
        }
    }

    public Task<FissionParticipant?> SetPosterAsync(string corpId, string campaignId, string externalUserId, string configId, string posterUrl, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || Campaign(corpId, campaignId) is not { } data || !data.Participants.TryGetValue(externalUserId, out var p))
            {
                return Task.FromResult<FissionParticipant?>(null);
            }

            if (p.Config is null)
            {
                p = p with { Config = configId, Poster = posterUrl };
                data.Participants[externalUserId] = p;
            }

            return Task.FromResult<FissionParticipant?>(View(data, p));
        }
    }

    public Task<FissionParticipant?> GetParticipantAsync(string corpId, string campaignId, string externalUserId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(Campaign(corpId, campaignId) is { } data && data.Participants.TryGetValue(externalUserId, out var p) ? View(data, p) : null);
        }
    }

    public Task<IReadOnlyList<FissionParticipant>> LeaderboardAsync(string corpId, string campaignId, int top, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        lock (Gate)
        {
            IReadOnlyList<FissionParticipant> board = Campaign(corpId, campaignId) is { } data
                ? [.. data.Board.OrderByDescending(e => e.Value).ThenByDescending(e => e.Key, StringComparer.Ordinal).Take(top)
                    .Select(e => View(data, data.Participants[e.Key]))]
                : [];
            return Task.FromResult(board);
        }
    }

    public Task<FissionAddOutcome> RecordAddAsync(string corpId, FissionAdd add, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(add);
        ExternalUserIds.Validate(add.CustomerId);
        ArgumentException.ThrowIfNullOrEmpty(add.EmployeeId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new FissionAddOutcome(FissionAddResult.NotAuthorized, null, null));
            }

            if (!_corps.TryGetValue(corpId, out var corp) || corp.Campaigns.Count == 0)
            {
                return Task.FromResult(new FissionAddOutcome(FissionAddResult.NoCampaigns, null, null));
            }

            return Task.FromResult(Add(corp, add));
        }
    }

    public Task<FissionDeleteOutcome> RecordDeleteAsync(string corpId, string customerId, string employeeId, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ExternalUserIds.Validate(customerId);
        ArgumentException.ThrowIfNullOrEmpty(employeeId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new FissionDeleteOutcome(FissionDeleteResult.NotAuthorized, null));
            }

            if (!_corps.TryGetValue(corpId, out var corp) || corp.Campaigns.Count == 0)
            {
                return Task.FromResult(new FissionDeleteOutcome(FissionDeleteResult.NoCampaigns, null));
            }

            return Task.FromResult(Delete(corp, customerId, employeeId, deletedAt.ToUnixTimeMilliseconds()));
        }
    }

    public Task<bool> MarkGoalPublishedAsync(string corpId, string campaignId, string participantId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || Campaign(corpId, campaignId) is not { } data || data.Goals.GetValueOrDefault(participantId) != "pending")
            {
                return Task.FromResult(false);
            }

            data.Goals[participantId] = "sent";
            return Task.FromResult(true);
        }
    }

    protected override long RemoveCorp(string corpId)
    {
        if (!_corps.Remove(corpId, out var corp))
        {
            return 0;
        }

        // In Redis terms: the three fixed hashes and three keys per campaign.
        return 3 + (3L * corp.Campaigns.Count);
    }

    private static FissionAddOutcome Add(CorpFission corp, FissionAdd add)
    {
        var (x, u, t) = (add.CustomerId, add.EmployeeId, add.AddedAt.ToUnixTimeMilliseconds());
        var rec = corp.Customers.GetValueOrDefault(x) ?? new CustomerRecord();
        corp.Customers[x] = rec;
        (string C, string P)? target = add.State.Length > 0 && corp.States.TryGetValue(add.State, out var owner) ? owner : null;
        var seen = rec.Seen;
        if (seen is null || t < seen)
        {
            rec.Seen = t;
        }

        var cr = rec.Credit;
        if (cr is not null && cr.T == t && cr.U == u && target is { } same && cr.C == same.C && cr.P == same.P && cr.S != "readd")
        {
            return new FissionAddOutcome(FissionAddResult.Repeat, cr.S == "credited" ? Change(corp, cr.C, cr.P, x, null) : null, null);
        }

        FissionCreditChange? revoked = null;
        if (cr is { S: "credited" } && t < cr.T)
        {
            Count(corp, cr, -1);
            cr.S = "readd";
            revoked = Change(corp, cr.C, cr.P, x, "readd");
        }

        if (target is not { } to || !corp.Campaigns.TryGetValue(to.C, out var campaign))
        {
            return new FissionAddOutcome(FissionAddResult.NotFission, null, revoked);
        }

        if (cr is not null && cr.S != "readd" && t >= cr.T)
        {
            return new FissionAddOutcome(FissionAddResult.ReAdd, null, revoked);
        }

        FissionAddResult result;
        if (!FissionStates.IsCustomerId(x))
        {
            result = FissionAddResult.NotCustomer;
        }
        else if (x == to.P)
        {
            result = FissionAddResult.SelfAdd;
        }
        else if (t < campaign.StartsAt.ToUnixTimeMilliseconds() || t > campaign.EndsAt.ToUnixTimeMilliseconds())
        {
            result = FissionAddResult.OutsideCampaign;
        }
        else if ((seen is { } s && s < t) || (add.KnownSince is { } known && known.ToUnixTimeMilliseconds() < t))
        {
            result = FissionAddResult.ReAdd;
        }
        else
        {
            var data = corp.Data(to.C);
            var inviter = data.Participants.GetValueOrDefault(to.P);
            var credit = new CreditRecord { C = to.C, P = to.P, U = u, T = t, P2 = inviter?.Inviter };
            if (credit.P2 is { } p2 && data.Participants.TryGetValue(p2, out var up))
            {
                credit.P3 = up.Inviter;
            }

            var dt = rec.Deletes.Where(d => d.U == u && d.T >= t).Select(d => (long?)d.T).Min();
            if (dt is { } deleted)
            {
                credit.Dt = deleted;
                credit.S = deleted - t <= (long)campaign.DeleteWindow.TotalSeconds * 1000 ? "deleted_early" : "lost";
                rec.Credit = credit;
                return new FissionAddOutcome(credit.S == "lost" ? FissionAddResult.Lost : FissionAddResult.DeletedEarly, null, revoked);
            }

            credit.S = "credited";
            var n = Count(corp, credit, 1);
            if (n >= campaign.Goal)
            {
                data.Goals.TryAdd(to.P, "pending");
            }

            if (!data.Participants.ContainsKey(x))
            {
                data.Participants[x] = new FissionRecords.ParticipantRecord(to.C, x, null, to.P, (inviter?.Depth ?? 0) + 1, FissionSources.Invited, null, null, t);
                data.Board.TryAdd(x, 0);
            }

            rec.Credit = credit;
            return new FissionAddOutcome(FissionAddResult.Credited, Change(corp, to.C, to.P, x, null), revoked);
        }

        return new FissionAddOutcome(result, null, revoked);
    }

    private static FissionDeleteOutcome Delete(CorpFission corp, string x, string u, long t)
    {
        var rec = corp.Customers.GetValueOrDefault(x) ?? new CustomerRecord();
        corp.Customers[x] = rec;
        if (rec.Credit is { } cr && cr.U == u && t >= cr.T)
        {
            if (cr.S == "credited")
            {
                Count(corp, cr, -1);
                var window = corp.Campaigns.TryGetValue(cr.C, out var campaign) ? (long)campaign.DeleteWindow.TotalSeconds : 0;
                cr.S = t - cr.T <= window * 1000 ? "deleted_early" : "lost";
                cr.Dt = t;
                return new FissionDeleteOutcome(FissionDeleteResult.Revoked, Change(corp, cr.C, cr.P, x, cr.S));
            }

            if (cr.S is "deleted_early" or "lost" && cr.Dt == t)
            {
                return new FissionDeleteOutcome(FissionDeleteResult.Repeat, Change(corp, cr.C, cr.P, x, cr.S));
            }
        }

        if (!rec.Deletes.Any(d => d.U == u && d.T == t))
        {
            rec.Deletes.Add((u, t));
            if (rec.Deletes.Count > RedisFissionStore.KeptDeletes)
            {
                rec.Deletes.RemoveAt(0);
            }
        }

        return new FissionDeleteOutcome(FissionDeleteResult.Recorded, null);
    }

    private static long Count(CorpFission corp, CreditRecord cr, int delta)
    {
        var data = corp.Data(cr.C);
        var n = data.Add(cr.P + "|1", delta);
        data.Board[cr.P] = n;
        if (cr.P2 is { } p2)
        {
            data.Add(p2 + "|2", delta);
        }

        if (cr.P3 is { } p3)
        {
            data.Add(p3 + "|3", delta);
        }

        return n;
    }

    private static FissionCreditChange Change(CorpFission corp, string c, string p, string x, string? reason)
    {
        var data = corp.Data(c);
        return new FissionCreditChange(c, p, x, data.Counts.GetValueOrDefault(p + "|1"), data.Goals.GetValueOrDefault(p), reason);
    }

    private static FissionParticipant View(CampaignData data, FissionRecords.ParticipantRecord p) =>
        FissionRecords.View(p, data.Counts.GetValueOrDefault(p.P + "|1"), data.Counts.GetValueOrDefault(p.P + "|2"), data.Counts.GetValueOrDefault(p.P + "|3"), data.Goals.ContainsKey(p.P));

    private CampaignData? Campaign(string corpId, string campaignId) =>
        _corps.TryGetValue(corpId, out var corp) && corp.Campaigns.ContainsKey(campaignId) ? corp.Data(campaignId) : null;

    private CorpFission Corp(string corpId)
    {
        if (!_corps.TryGetValue(corpId, out var corp))
        {
            corp = new CorpFission();
            _corps[corpId] = corp;
        }

        return corp;
    }

    private sealed class CorpFission
    {
        private readonly Dictionary<string, CampaignData> _data = new(StringComparer.Ordinal);

        public Dictionary<string, FissionCampaign> Campaigns { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (string C, string P)> States { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CustomerRecord> Customers { get; } = new(StringComparer.Ordinal);

        public CampaignData Data(string campaignId)
        {
            if (!_data.TryGetValue(campaignId, out var data))
            {
                data = new CampaignData();
                _data[campaignId] = data;
            }

            return data;
        }
    }

    private sealed class CampaignData
    {
        public Dictionary<string, FissionRecords.ParticipantRecord> Participants { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Goals { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Board { get; } = new(StringComparer.Ordinal);

        public long Add(string field, int delta) => Counts[field] = Counts.GetValueOrDefault(field) + delta;
    }

    private sealed class CustomerRecord
    {
        public long? Seen { get; set; }

        public List<(string U, long T)> Deletes { get; } = [];

        public CreditRecord? Credit { get; set; }
    }

    private sealed class CreditRecord
    {
        public required string C { get; init; }

        public required string P { get; init; }

        public required string U { get; init; }

        public required long T { get; init; }

        public string? P2 { get; init; }

        public string? P3 { get; set; }

        public string S { get; set; } = "credited";

        public long? Dt { get; set; }
    }
}
