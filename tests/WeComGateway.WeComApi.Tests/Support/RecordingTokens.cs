using System.Collections.Concurrent;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>
/// The token provider as the client sees it, recording every request and invalidation. Over the emulator it keeps
/// the token the emulator issued for the corp or suite (so WeCom judges it) until it is invalidated; over WireMock it
/// hands out "token-1", then "token-2" after an invalidation of the current one, and so on.
/// </summary>
public sealed class RecordingTokens(WeComEmulator? emulator) : IAccessTokenProvider
{
    private readonly ConcurrentDictionary<TokenKey, string> _held = new();
    private int _generation = 1;

    public ConcurrentQueue<TokenKey> Requested { get; } = new();

    public ConcurrentQueue<(TokenKey Key, string StaleValue)> Invalidations { get; } = new();

    /// <summary>Every value handed out, in order.</summary>
    public ConcurrentQueue<string> HandedOut { get; } = new();

    /// <summary>The WireMock token of the moment.</summary>
    public string Current => $"token-{Volatile.Read(ref _generation)}";

    public async ValueTask<AccessToken> GetAsync(TokenKey key, CancellationToken cancellationToken)
    {
        Requested.Enqueue(key);
        var value = emulator is null ? Current
            : _held.TryGetValue(key, out var held) ? held
            : _held[key] = key.Kind == TokenKind.Corp ? await emulator.CorpTokenAsync(key.CorpId!) : await emulator.SuiteTokenAsync(key.SuiteId!);
        HandedOut.Enqueue(value);
        return new AccessToken(value, DateTimeOffset.UtcNow.AddHours(2));
    }

    public Task InvalidateAsync(TokenKey key, string staleValue, CancellationToken cancellationToken)
    {
        Invalidations.Enqueue((key, staleValue));
        _held.TryRemove(new KeyValuePair<TokenKey, string>(key, staleValue));
        if (staleValue == Current)
        {
            Interlocked.Increment(ref _generation);
        }

        return Task.CompletedTask;
    }
}
