using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Tokens;

/// <summary>The embedded default: the same semantics as <see cref="RedisTokenStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryTokenStore(TimeProvider time) : InMemoryCorpData, ITokenStore
{
    private readonly Dictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _locks = new(StringComparer.Ordinal);

    public Task<CachedToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (_tokens.TryGetValue(key, out var token) && token.ExpiresAt > time.GetUtcNow())
            {
                return Task.FromResult<CachedToken?>(token);
            }

            _tokens.Remove(key);
            return Task.FromResult<CachedToken?>(null);
        }
    }

    public Task SetAsync(string key, CachedToken token, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (token.ExpiresAt > time.GetUtcNow() && (RedisKeys.CorpOf(RedisTokenStore.Key(key).ToString()) is not { } corpId || IsAdmitted(corpId)))
            {
                _tokens[key] = token;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteIfValueAsync(string key, string value, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            var deleted = _tokens.TryGetValue(key, out var token) && token.Value == value && _tokens.Remove(key);
            return Task.FromResult(deleted);
        }
    }

    public Task<bool> TryAcquireLockAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            var now = time.GetUtcNow();
            if (_locks.TryGetValue(name, out var held) && held.ExpiresAt > now)
            {
                return Task.FromResult(false);
            }

            _locks[name] = (owner, now + ttl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLockAsync(string name, string owner, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (_locks.TryGetValue(name, out var held) && held.Owner == owner)
            {
                _locks.Remove(name);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The corp token obtained through the suite's grant.</summary>
    public override long ForgetSuite(string corpId, string suiteId)
    {
        lock (Gate)
        {
            return _tokens.Remove(RedisKeys.CorpToken(corpId, suiteId).ToString()[RedisKeys.Prefix.Length..]) ? 1 : 0;
        }
    }

    /// <summary>A corp's tokens (<c>{corpId}:…</c>, in Redis among the corp's keys); locks are not the corp's.</summary>
    protected override long RemoveCorp(string corpId)
    {
        var prefix = RedisKeys.CorpPrefix(corpId);
        var keys = _tokens.Keys.Where(k => RedisTokenStore.Key(k).ToString().StartsWith(prefix, StringComparison.Ordinal)).ToList();
        keys.ForEach(k => _tokens.Remove(k));
        return keys.Count;
    }

}
