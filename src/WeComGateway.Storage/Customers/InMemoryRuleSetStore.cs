using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: rule sets lost on restart.</summary>
public sealed class InMemoryRuleSetStore : InMemoryCorpData, IRuleSetStore
{
    private readonly ConcurrentDictionary<string, string> _ruleSets = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_ruleSets.TryGetValue(CorpKeys.Validate(corpId), out var json) ? json : null);

    public Task<bool> SetAsync(string corpId, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        lock (Gate)
        {
            if (!IsAdmitted(CorpKeys.Validate(corpId)))
            {
                return Task.FromResult(false);
            }

            _ruleSets[corpId] = json;
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_ruleSets.TryRemove(CorpKeys.Validate(corpId), out _));

    protected override long RemoveCorp(string corpId)
    {
        return _ruleSets.TryRemove(corpId, out _) ? 1 : 0;
    }

}
