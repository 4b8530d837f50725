using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Moments;

/// <summary>The embedded default: the same records, due index and compare-and-set as <see cref="RedisMomentStore"/> within one process.</summary>
public sealed class InMemoryMomentStore : InMemoryCorpData, IMomentStore
{
    private readonly Dictionary<string, CorpMoments> _corps = new(StringComparer.Ordinal);

    public Task<(MomentCreateResult Result, Moment? Moment)> CreateAsync(string corpId, Moment moment, DateTimeOffset due, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MomentIds.Validate(moment.Id);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult<(MomentCreateResult, Moment?)>((MomentCreateResult.NoGrant, null));
            }

            var corp = Corp(corpId);
            if (corp.Moments.TryGetValue(moment.Id, out var existing))
            {
                return Task.FromResult<(MomentCreateResult, Moment?)>((MomentCreateResult.Exists, existing));
            }

            var stored = moment with { Version = 1 };
            corp.Moments[moment.Id] = stored;
            corp.Due[moment.Id] = due.ToUnixTimeMilliseconds();
            return Task.FromResult<(MomentCreateResult, Moment?)>((MomentCreateResult.Created, stored));
        }
    }

    public Task<Moment?> GetAsync(string corpId, string momentId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MomentIds.Validate(momentId);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Moments.GetValueOrDefault(momentId));
        }
    }

    public Task<IReadOnlyList<Moment>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            IReadOnlyList<Moment> all = _corps.GetValueOrDefault(corpId)?.Moments.Values.ToList() ?? [];
            return Task.FromResult<IReadOnlyList<Moment>>([.. all.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<Moment?> UpdateAsync(string corpId, Moment updated, long expectedVersion, DateTimeOffset? nextDue, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MomentIds.Validate(updated.Id);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _corps.GetValueOrDefault(corpId) is not { } corp
                || !corp.Moments.TryGetValue(updated.Id, out var current) || current.Version != expectedVersion)
            {
                return Task.FromResult<Moment?>(null);
            }

            var stored = updated with { Version = expectedVersion + 1 };
            corp.Moments[updated.Id] = stored;
            if (nextDue is { } due)
            {
                corp.Due[updated.Id] = due.ToUnixTimeMilliseconds();
            }
            else
            {
                corp.Due.Remove(updated.Id);
            }

            return Task.FromResult<Moment?>(stored);
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
            foreach (var id in due)
            {
                corp.Due[id] = (now + lease).ToUnixTimeMilliseconds();
            }

            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    public Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _corps.Where(c => c.Value.Due.Count > 0).Select(c => c.Key).Order(StringComparer.Ordinal)]);
        }
    }

    protected override long RemoveCorp(string corpId)
    {
        if (!_corps.Remove(corpId, out var corp))
        {
            return 0;
        }

        return (corp.Moments.Count > 0 ? 1 : 0) + (corp.Due.Count > 0 ? 1 : 0);
    }

    private CorpMoments Corp(string corpId)
    {
        if (!_corps.TryGetValue(corpId, out var corp))
        {
            corp = new CorpMoments();
            _corps[corpId] = corp;
        }

        return corp;
    }

    private sealed class CorpMoments
    {
        public Dictionary<string, Moment> Moments { get; } = new(StringComparer.Ordinal);

        /// <summary>Moment id → due (unix ms).</summary>
        public Dictionary<string, long> Due { get; } = new(StringComparer.Ordinal);
    }
}
