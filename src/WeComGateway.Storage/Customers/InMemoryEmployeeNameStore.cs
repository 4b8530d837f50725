using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: names lost on restart.</summary>
public sealed class InMemoryEmployeeNameStore : InMemoryCorpData, IEmployeeNameStore
{
    private readonly ConcurrentDictionary<(string Corp, string User), string> _names = new();

    public Task<string?> GetAsync(string corpId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_names.TryGetValue((CorpKeys.Validate(corpId), userId), out var name) ? name : null);

    public Task SetAsync(string corpId, string userId, string name, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (IsAdmitted(CorpKeys.Validate(corpId)))
            {
                _names[(corpId, userId)] = name;
            }
        }

        return Task.CompletedTask;
    }

    public Task RenameAsync(string corpId, string userId, string newUserId, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (IsAdmitted(CorpKeys.Validate(corpId)) && _names.TryRemove((corpId, userId), out var name))
            {
                _names[(corpId, newUserId)] = name;
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string corpId, string userId, CancellationToken cancellationToken)
    {
        _names.TryRemove((CorpKeys.Validate(corpId), userId), out _);
        return Task.CompletedTask;
    }

    /// <summary>Redis keeps a corp's names in one hash: one key.</summary>
    protected override long RemoveCorp(string corpId)
    {
        var removed = _names.Keys.Where(k => k.Corp == corpId).Count(k => _names.TryRemove(k, out _));
        return removed > 0 ? 1 : 0;
    }

}
