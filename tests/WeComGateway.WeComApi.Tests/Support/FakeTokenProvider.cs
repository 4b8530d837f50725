using System.Collections.Concurrent;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>Hands out "token-1", then "token-2" after each invalidation, … and records every call.</summary>
public sealed class FakeTokenProvider : IAccessTokenProvider
{
    private int _generation = 1;

    public ConcurrentQueue<TokenKey> Requested { get; } = new();

    public ConcurrentQueue<(TokenKey Key, string StaleValue)> Invalidations { get; } = new();

    public string Current => $"token-{Volatile.Read(ref _generation)}";

    public ValueTask<AccessToken> GetAsync(TokenKey key, CancellationToken cancellationToken)
    {
        Requested.Enqueue(key);
        return ValueTask.FromResult(new AccessToken(Current, DateTimeOffset.UtcNow.AddHours(2)));
    }

    public Task InvalidateAsync(TokenKey key, string staleValue, CancellationToken cancellationToken)
    {
        Invalidations.Enqueue((key, staleValue));
        if (staleValue == Current)
        {
            Interlocked.Increment(ref _generation);
        }

        return Task.CompletedTask;
    }
}
