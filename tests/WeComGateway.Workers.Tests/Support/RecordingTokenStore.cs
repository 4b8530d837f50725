using System.Collections.Concurrent;
using WeComGateway.Storage.Tokens;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>The in-memory token store, recording every compare-and-delete (an invalidation of a token value).</summary>
public sealed class RecordingTokenStore(ITokenStore inner) : ITokenStore
{
    public ConcurrentQueue<(string Key, string Value)> Invalidated { get; } = new();

    public Task<CachedToken?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task SetAsync(string key, CachedToken token, CancellationToken cancellationToken) => inner.SetAsync(key, token, cancellationToken);

    public Task<bool> DeleteIfValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        Invalidated.Enqueue((key, value));
        return inner.DeleteIfValueAsync(key, value, cancellationToken);
    }

    public Task<bool> TryAcquireLockAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        inner.TryAcquireLockAsync(name, owner, ttl, cancellationToken);

    public Task ReleaseLockAsync(string name, string owner, CancellationToken cancellationToken) => inner.ReleaseLockAsync(name, owner, cancellationToken);
}
