using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: the same guarantees as <see cref="RedisCustomerFactsStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryCustomerFactsStore : InMemoryCorpData, ICustomerFactsStore
{
    private readonly Dictionary<CustomerRef, VersionedFacts> _facts = [];
    private readonly Dictionary<string, Dictionary<string, long>> _dueByCorp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _corps = new(StringComparer.Ordinal);

    public Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken)
    {
        var customer = Validated(corpId, externalUserId);
        lock (Gate)
        {
            return Task.FromResult(_facts.GetValueOrDefault(customer));
        }
    }

    public Task<bool> TryWriteAsync(
        string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var customer = Validated(corpId, externalUserId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(json);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(true); // as in Redis: a corp without a grant takes no write, and the caller stops
            }

            if ((_facts.TryGetValue(customer, out var current) ? current.Version : 0) != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _facts[customer] = new VersionedFacts(json, expectedVersion + 1);
            if (dueAt is { } due)
            {
                if (!_dueByCorp.TryGetValue(corpId, out var index))
                {
                    _dueByCorp[corpId] = index = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                index[externalUserId] = due.ToUnixTimeMilliseconds();
            }
            else if (_dueByCorp.TryGetValue(corpId, out var index) && index.Remove(externalUserId) && index.Count == 0)
            {
                _dueByCorp.Remove(corpId); // as Redis drops an empty sorted set
            }

            _corps.Add(corpId);
            return Task.FromResult(true);
        }
    }

    public Task<CustomerPage> ListAsync(string corpId, long cursor, int count, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (Gate)
        {
            // The cursor is a position in the corp's customers ordered by id: stable while customers are added.
            var page = _facts.Where(f => f.Key.CorpId == corpId).OrderBy(f => f.Key.ExternalUserId, StringComparer.Ordinal)
                .Skip((int)Math.Min(cursor, int.MaxValue)).Take(count + 1)
                .Select(f => new StoredCustomerFacts(f.Key.ExternalUserId, f.Value)).ToList();
            var more = page.Count > count;
            return Task.FromResult(new CustomerPage(more ? page[..count] : page, more ? cursor + count : 0));
        }
    }

    public Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _corps]);
        }
    }

    public Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(
        string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (Gate)
        {
            if (!_dueByCorp.TryGetValue(corpId, out var index))
            {
                _corps.Remove(corpId);
                return Task.FromResult<IReadOnlyList<CustomerRef>>([]);
            }

            var nowMs = now.ToUnixTimeMilliseconds();
            var claimed = index
                .Where(e => e.Value <= nowMs)
                .OrderBy(e => e.Value)
                .ThenBy(e => e.Key, StringComparer.Ordinal)
                .Take(max)
                .Select(e => e.Key)
                .ToList();
            var leasedUntil = (now + lease).ToUnixTimeMilliseconds();
            foreach (var externalUserId in claimed)
            {
                index[externalUserId] = leasedUntil;
            }

            return Task.FromResult<IReadOnlyList<CustomerRef>>([.. claimed.Select(id => new CustomerRef(corpId, id))]);
        }
    }

    /// <summary>The corp's customers and due index, and its place in <see cref="CorpsAsync"/>, as in Redis.</summary>
    protected override long RemoveCorp(string corpId)
    {
        _corps.Remove(corpId);
        var customers = _facts.Keys.Where(c => c.CorpId == corpId).ToList();
        customers.ForEach(c => _facts.Remove(c));
        return customers.Count + (customers.Count > 0 ? 1 : 0) + (_dueByCorp.Remove(corpId) ? 1 : 0); // the facts, the customer index, the due index
    }

    private static CustomerRef Validated(string corpId, string externalUserId) =>
        new(CorpKeys.Validate(corpId), ExternalUserIds.Validate(externalUserId));
}
