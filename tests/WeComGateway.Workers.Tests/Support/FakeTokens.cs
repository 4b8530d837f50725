using System.Collections.Concurrent;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>A token cache and provider in one: records invalidations, fetches nothing.</summary>
public sealed class FakeTokens : IAccessTokenProvider, ITokenStore
{
    public ConcurrentDictionary<string, CachedToken> Cache { get; } = new();

    public ConcurrentQueue<(TokenKey Key, string StaleValue)> Invalidated { get; } = new();

    public ValueTask<AccessToken> GetAsync(TokenKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new AccessToken($"token-for-{key.CacheKey}", DateTimeOffset.UtcNow.AddHours(2)));

    public Task InvalidateAsync(TokenKey key, string staleValue, CancellationToken cancellationToken)
    {
        Invalidated.Enqueue((key, staleValue));
        if (Cache.TryGetValue(key.CacheKey, out var cached) && cached.Value == staleValue)
        {
            Cache.TryRemove(key.CacheKey, out _);
        }

        return Task.CompletedTask;
    }

    Task<CachedToken?> ITokenStore.GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Cache.TryGetValue(key, out var token) ? token : null);

    Task ITokenStore.SetAsync(string key, CachedToken token, CancellationToken cancellationToken)
    {
        Cache[key] = token;
        return Task.CompletedTask;
    }

    Task<bool> ITokenStore.DeleteIfValueAsync(string key, string value, CancellationToken cancellationToken) =>
        Task.FromResult(Cache.TryGetValue(key, out var token) && token.Value == value && Cache.TryRemove(key, out _));

    Task<bool> ITokenStore.TryAcquireLockAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    Task ITokenStore.ReleaseLockAsync(string name, string owner, CancellationToken cancellationToken) => Task.CompletedTask;
}
