using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: rule sets lost on restart.</summary>
public sealed class InMemoryRuleSetStore : IRuleSetStore, IInMemoryCorpData
{
    private readonly ConcurrentDictionary<string, string> _ruleSets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<string?> GetAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_ruleSets.TryGetValue(CorpKeys.Validate(corpId), out var json) ? json : null);

    public Task SetAsync(string corpId, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        lock (_gate)
        {
            if (!_gone.Contains(CorpKeys.Validate(corpId)))
            {
                _ruleSets[corpId] = json;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_ruleSets.TryRemove(CorpKeys.Validate(corpId), out _));

    public long ForgetCorp(string corpId)
    {
        lock (_gate)
        {
            _gone.Add(CorpKeys.Validate(corpId));
            return _ruleSets.TryRemove(corpId, out _) ? 1 : 0;
        }
    }

    public void ReadmitCorp(string corpId)
    {
        lock (_gate)
        {
            _gone.Remove(corpId);
        }
    }
}
