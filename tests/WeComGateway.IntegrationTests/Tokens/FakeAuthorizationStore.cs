using System.Collections.Concurrent;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>Authorizations shared by the replicas of one test (the real Redis store is built elsewhere).</summary>
internal sealed class FakeAuthorizationStore : IAuthorizationStore
{
    private readonly ConcurrentDictionary<string, CorpAuthorization> _corps = new(StringComparer.Ordinal);

    public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken)
    {
        _corps[authorization.CorpId] = authorization;
        return Task.CompletedTask;
    }

    public Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_corps.GetValueOrDefault(corpId));

    public Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken)
    {
        _corps.AddOrUpdate(corpId, _ => throw new KeyNotFoundException(corpId), (_, a) => a with { Active = false, InactiveReason = reason });
        return Task.CompletedTask;
    }

    public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) =>
        Task.FromResult(_corps.TryRemove(corpId, out _) ? 1L : 0L);
}
