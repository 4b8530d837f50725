using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>The in-memory authorization store, recording which corps were looked up (one entry per lookup).</summary>
public sealed class RecordingAuthorizationStore(InMemoryAuthorizationStore inner) : IAuthorizationStore
{
    public ConcurrentQueue<string> Lookups { get; } = new();

    public int LookupCount(string corpId) => Lookups.Count(c => c == corpId);

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken) => inner.SaveAsync(authorization, cancellationToken);

    public Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        Lookups.Enqueue(corpId);
        return inner.GetAsync(corpId, cancellationToken);
    }

    public Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken) => inner.MarkInactiveAsync(corpId, reason, cancellationToken);

    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) => inner.DeleteCorpAsync(corpId, cancellationToken);
}
