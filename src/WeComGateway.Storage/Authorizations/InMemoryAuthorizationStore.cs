using System.Collections.Concurrent;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// The embedded default: grants per (corp, suite), lost on restart. Saving a grant admits the corp in the other
/// in-memory stores; removing its last grant forgets it there, as Redis deletes every key of the corp, and they write
/// nothing of it until it holds a grant again.
/// </summary>
public sealed class InMemoryAuthorizationStore(IEnumerable<IInMemoryCorpData> corpData) : IAuthorizationStore
{
    private readonly ConcurrentDictionary<(string CorpId, string SuiteId), CorpAuthorization> _grants = new();
    private readonly Lock _corpLock = new();

    public InMemoryAuthorizationStore()
        : this([])
    {
    }

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken)
    {
        var key = Key(authorization.CorpId, authorization.SuiteId);
        lock (_corpLock)
        {
            _grants[key] = authorization;
            foreach (var data in corpData)
            {
                data.AdmitCorp(authorization.CorpId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<CorpAuthorization?> GetAsync(string corpId, string suiteId, CancellationToken cancellationToken) =>
        Task.FromResult(_grants.TryGetValue(Key(corpId, suiteId), out var grant) ? grant : null);

    public Task<IReadOnlyList<CorpAuthorization>> ListAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CorpAuthorization>>(Grants(CorpKeys.Validate(corpId)));

    public Task MarkInactiveAsync(string corpId, string suiteId, string reason, CancellationToken cancellationToken)
    {
        var key = Key(corpId, suiteId);
        while (_grants.TryGetValue(key, out var current)
            && !_grants.TryUpdate(key, current with { Active = false, InactiveReason = reason }, current))
        {
        }

        return Task.CompletedTask;
    }

    public Task<GrantRemoval> RemoveGrantAsync(string corpId, string suiteId, CancellationToken cancellationToken)
    {
        var key = Key(corpId, suiteId);
        lock (_corpLock)
        {
            var removed = _grants.TryRemove(key, out _);
            var remaining = Grants(corpId).Select(g => g.SuiteId).ToList();
            var keys = (removed ? 1L : 0L) + corpData.Sum(data => data.ForgetSuite(corpId, suiteId));
            if (remaining.Count == 0)
            {
                keys += corpData.Sum(data => data.ForgetCorp(corpId));
            }

            return Task.FromResult(new GrantRemoval(removed, remaining, keys));
        }
    }

    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (_corpLock)
        {
            var removed = Grants(corpId).LongCount(g => _grants.TryRemove((g.CorpId, g.SuiteId), out _));
            var grantSet = removed > 0 ? 1 : 0; // counted as Redis counts its keys
            return Task.FromResult(removed + grantSet + corpData.Sum(data => data.ForgetCorp(corpId)));
        }
    }

    private List<CorpAuthorization> Grants(string corpId) =>
        [.. _grants.Values.Where(g => g.CorpId == corpId).OrderBy(g => g.SuiteId, StringComparer.Ordinal)];

    private static (string, string) Key(string corpId, string suiteId) => (CorpKeys.Validate(corpId), CorpKeys.ValidateSuite(suiteId));
}
