using System.Collections.Concurrent;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// The embedded default: one record per corp, lost on restart. cancel_auth also forgets the corp in the other
/// in-memory stores, as Redis deletes every key of the corp, and they write nothing of it until it is authorized again.
/// </summary>
public sealed class InMemoryAuthorizationStore(IEnumerable<IInMemoryCorpData> corpData) : IAuthorizationStore
{
    private readonly ConcurrentDictionary<string, CorpAuthorization> _records = new(StringComparer.Ordinal);

    public InMemoryAuthorizationStore()
        : this([])
    {
    }

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken)
    {
        _records[CorpKeys.Validate(authorization.CorpId)] = authorization;
        foreach (var data in corpData)
        {
            data.ReadmitCorp(authorization.CorpId);
        }

        return Task.CompletedTask;
    }

    public Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(corpId, out var record) ? record : null);

    public Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken)
    {
        while (_records.TryGetValue(corpId, out var current)
            && !_records.TryUpdate(corpId, current with { Active = false, InactiveReason = reason }, current))
        {
        }

        return Task.CompletedTask;
    }

    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken)
    {
        var removed = _records.TryRemove(CorpKeys.Validate(corpId), out _) ? 1L : 0L;
        return Task.FromResult(removed + corpData.Sum(data => data.ForgetCorp(corpId)));
    }
}
