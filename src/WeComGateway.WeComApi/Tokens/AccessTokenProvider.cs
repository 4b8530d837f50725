using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Storage;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Diagnostics;

namespace WeComGateway.WeComApi.Tokens;

/// <summary>
/// Tokens from the shared <see cref="ITokenStore"/> (Redis), with a copy in this process for at most
/// <see cref="TokenOptions.LocalCopyLifetime"/>. A missing or expired token is fetched once: callers in this process
/// share one task per key, and across replicas only the holder of the Redis lock calls WeCom (after reading the cache
/// again) while the others poll the cache. Near expiry one caller refreshes in the background and everyone keeps
/// using the current token. While the store is unreachable this process keeps using its copy until the token's own
/// expiry (WeCom's tokens live 7,200 s); with no copy it fetches from WeCom without the lock, which works when the
/// token's inputs need no store (the provider token: configuration only) and fails as before when they do.
/// </summary>
public sealed partial class AccessTokenProvider(
    ITokenStore store,
    ITokenSource source,
    IOptions<TokenOptions> options,
    TimeProvider time,
    WeComApiMetrics metrics,
    ILogger<AccessTokenProvider> logger) : IAccessTokenProvider
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(20);

    private readonly TokenOptions _options = options.Value;
    private readonly ConcurrentDictionary<TokenKey, LocalCopy> _local = new();
    private readonly ConcurrentDictionary<TokenKey, Task<AccessToken>> _inFlight = new();
    private readonly ConcurrentDictionary<TokenKey, Task<AccessToken>> _aheadInFlight = new();
    private readonly ConcurrentDictionary<TokenKey, DateTimeOffset> _nextRefreshAhead = new();

    public async ValueTask<AccessToken> GetAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_local.TryGetValue(key, out var copy) && now - copy.ReadAt < _options.LocalCopyLifetime && copy.Token.ExpiresAt > now)
        {
            RefreshAheadIfDue(key, copy.Token, now);
            return copy.Token;
        }

        AccessToken? cached;
        try
        {
            cached = await ReadAsync(key, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            if (_local.TryGetValue(key, out copy) && copy.Token.ExpiresAt > time.GetUtcNow())
            {
                metrics.TokenWithoutStore(key.Kind, "local_copy");
                RefreshAheadIfDue(key, copy.Token, time.GetUtcNow());
                return copy.Token;
            }

            cached = null; // no copy: fetched below, without the store's lock
        }

        if (cached is not null)
        {
            Remember(key, cached);
            RefreshAheadIfDue(key, cached, time.GetUtcNow());
            return cached;
        }

        return await RefreshAsync(key, current: null).WaitAsync(cancellationToken);
    }

    public async Task InvalidateAsync(TokenKey key, string staleValue, CancellationToken cancellationToken)
    {
        if (_local.TryGetValue(key, out var copy) && copy.Token.Value == staleValue)
        {
            _local.TryRemove(new KeyValuePair<TokenKey, LocalCopy>(key, copy));
        }

        bool? deleted;
        try
        {
            deleted = await store.DeleteIfValueAsync(key.CacheKey, staleValue, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            deleted = null; // the next fetch replaces it; meanwhile another replica that uses it is refused and invalidates it too
            LogInvalidateStoreUnavailable(key, ex.Operation);
        }

        metrics.TokenInvalidated(key.Kind);
        if (deleted is { } wasDeleted)
        {
            LogInvalidated(key, wasDeleted);
        }
    }

    /// <summary>
    /// Joins the fetch in flight for <paramref name="key"/> in this process, or starts one. Refreshes ahead of expiry
    /// (<paramref name="current"/> set) are tracked apart: they may hand back the current token, which a caller that
    /// found no usable token (it was invalidated) must never get.
    /// </summary>
    private Task<AccessToken> RefreshAsync(TokenKey key, AccessToken? current)
    {
        var inFlight = current is null ? _inFlight : _aheadInFlight;
        while (true)
        {
            if (inFlight.TryGetValue(key, out var running))
            {
                return running;
            }

            var completion = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (inFlight.TryAdd(key, completion.Task))
            {
                _ = RunRefreshAsync(key, current, inFlight, completion);
                return completion.Task;
            }
        }
    }

    private async Task RunRefreshAsync(
        TokenKey key, AccessToken? current, ConcurrentDictionary<TokenKey, Task<AccessToken>> inFlight, TaskCompletionSource<AccessToken> completion)
    {
        // Shared work: no caller's cancellation may cancel it for the others (each caller stops waiting on its own).
        AccessToken? result = null;
        Exception? failure = null;
        try
        {
            result = await FetchOnceAsync(key, current, CancellationToken.None);
        }
        catch (Exception ex) when (current is not null)
        {
            LogRefreshAheadFailed(ex, key);
            result = current;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<TokenKey, Task<AccessToken>>(key, completion.Task));
        }

        if (failure is not null)
        {
            completion.SetException(failure);
        }
        else
        {
            completion.SetResult(result!);
        }
    }

    /// <param name="current">The still-valid token a refresh-ahead replaces; null when there is no usable token.</param>
    private async Task<AccessToken> FetchOnceAsync(TokenKey key, AccessToken? current, CancellationToken cancellationToken)
    {
        var lockName = "token:" + key.CacheKey;
        var owner = Guid.NewGuid().ToString("N");
        var started = time.GetTimestamp();
        var pause = FirstPollDelay;
        while (true)
        {
            bool locked;
            try
            {
                locked = await store.TryAcquireLockAsync(lockName, owner, _options.LockTtl, cancellationToken);
            }
            catch (StoreUnavailableException ex)
            {
                return await FetchWithoutStoreAsync(key, ex, cancellationToken);
            }

            if (locked)
            {
                try
                {
                    // Double-check: the previous holder may have stored a token between our read and our lock.
                    var cached = await ReadAsync(key, cancellationToken);
                    if (cached is not null && (current is null || cached.Value != current.Value || !IsDue(cached, time.GetUtcNow())))
                    {
                        return Remember(key, cached);
                    }

                    var fetched = WholeMilliseconds(await FetchFromWeComAsync(key, cancellationToken));
                    await store.SetAsync(key.CacheKey, new CachedToken(fetched.Value, fetched.ExpiresAt), cancellationToken);
                    LogFetched(key, fetched.ExpiresAt);
                    return Remember(key, fetched);
                }
                finally
                {
                    await ReleaseAsync(lockName, owner);
                }
            }

            if (current is not null)
            {
                return current; // refresh-ahead: another replica is already on it
            }

            var fresh = await ReadAsync(key, cancellationToken);
            if (fresh is not null)
            {
                return Remember(key, fresh);
            }

            var waited = time.GetElapsedTime(started);
            if (waited >= _options.WaitBudget)
            {
                metrics.TokenFetch(key, "token_wait_timeout");
                throw new TokenRefreshTimeoutException(key, waited);
            }

            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxPollDelay.Ticks));
        }
    }

    /// <summary>
    /// The store is unreachable: no lock, no shared copy. WeCom answers the same token to repeated fetches while it is
    /// valid, so fetching here hands out what other replicas hold; the source's own inputs decide whether it can (a
    /// corp token needs the grant's permanent code and a suite token the suite_ticket, both in the store).
    /// </summary>
    private async Task<AccessToken> FetchWithoutStoreAsync(TokenKey key, StoreUnavailableException unavailable, CancellationToken cancellationToken)
    {
        LogFetchWithoutStore(key, unavailable.Operation);
        var fetched = WholeMilliseconds(await FetchFromWeComAsync(key, cancellationToken));
        metrics.TokenWithoutStore(key.Kind, "fetched");
        LogFetched(key, fetched.ExpiresAt);
        return Remember(key, fetched);
    }

    private async Task<AccessToken> FetchFromWeComAsync(TokenKey key, CancellationToken cancellationToken)
    {
        try
        {
            var token = await source.FetchAsync(key, cancellationToken);
            metrics.TokenFetch(key, "ok");
            return token;
        }
        catch (Exception ex)
        {
            metrics.TokenFetch(key, WeComApiMetrics.TokenOutcomeOf(ex));
            throw;
        }
    }

    private void RefreshAheadIfDue(TokenKey key, AccessToken token, DateTimeOffset now)
    {
        if (!IsDue(token, now) || _aheadInFlight.ContainsKey(key) || _inFlight.ContainsKey(key))
        {
            return;
        }

        var notBefore = _nextRefreshAhead.GetValueOrDefault(key);
        var next = now + _options.RefreshAheadRetryDelay;
        var claimed = now >= notBefore && (_nextRefreshAhead.TryUpdate(key, next, notBefore) || _nextRefreshAhead.TryAdd(key, next));
        if (!claimed)
        {
            return; // another caller in this process just started one
        }

        _ = RefreshAsync(key, token);
    }

    /// <summary>Every replica then holds an equal <see cref="AccessToken"/>, whatever precision the store keeps.</summary>
    private static AccessToken WholeMilliseconds(AccessToken token) =>
        token with { ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(token.ExpiresAt.ToUnixTimeMilliseconds()) };

    private bool IsDue(AccessToken token, DateTimeOffset now) => token.ExpiresAt - now < _options.RefreshAhead;

    private async Task<AccessToken?> ReadAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var cached = await store.GetAsync(key.CacheKey, cancellationToken);
        return cached is not null && cached.ExpiresAt > time.GetUtcNow() ? new AccessToken(cached.Value, cached.ExpiresAt) : null;
    }

    /// <summary>Kept whatever <see cref="TokenOptions.LocalCopyLifetime"/> says: it is also the copy used while the store is unreachable.</summary>
    private AccessToken Remember(TokenKey key, AccessToken token)
    {
        _local[key] = new LocalCopy(token, time.GetUtcNow());
        return token;
    }

    private async Task ReleaseAsync(string lockName, string owner)
    {
        try
        {
            await store.ReleaseLockAsync(lockName, owner, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            LogReleaseFailed(ex, lockName); // it lapses after LockTtl
        }
    }

    private sealed record LocalCopy(AccessToken Token, DateTimeOffset ReadAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched a new {Key}, expires {ExpiresAt:O}")]
    private partial void LogFetched(TokenKey key, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invalidated the {Key} WeCom rejected (deleted from the cache: {Deleted})")]
    private partial void LogInvalidated(TokenKey key, bool deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh ahead of expiry failed for the {Key}; the current token stays in use")]
    private partial void LogRefreshAheadFailed(Exception exception, TokenKey key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token store is unreachable ({Operation}); the {Key} is fetched from WeCom without the lock")]
    private partial void LogFetchWithoutStore(TokenKey key, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalidated the {Key} WeCom rejected here; the token store is unreachable ({Operation}), its copy stays until replaced")]
    private partial void LogInvalidateStoreUnavailable(TokenKey key, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the token lock {LockName}; it lapses by itself")]
    private partial void LogReleaseFailed(Exception exception, string lockName);
}
