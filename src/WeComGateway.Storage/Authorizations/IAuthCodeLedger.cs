using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// Which corp a single-use auth code was exchanged for, so a redelivered <c>create_auth</c> (whose code WeCom now
/// rejects with 40078) can be recognised as already done. Keyed by the SHA-256 of the code: the code itself is not
/// stored. Entries expire after <see cref="Retention"/>.
/// </summary>
public interface IAuthCodeLedger
{
    static TimeSpan Retention => TimeSpan.FromDays(1);

    Task RecordAsync(string authCode, string corpId, CancellationToken cancellationToken);

    Task<string?> FindCorpAsync(string authCode, CancellationToken cancellationToken);

    /// <summary>Lower-case hex SHA-256 of the code.</summary>
    static string Fingerprint(string authCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authCode)));
}

/// <summary>Strings at <c>wecomgw:authcode:{sha256}</c> holding the corp id.</summary>
public sealed class RedisAuthCodeLedger(IConnectionMultiplexer redis) : IAuthCodeLedger
{
    public static RedisKey Key(string authCode) => $"{RedisKeys.Prefix}authcode:{IAuthCodeLedger.Fingerprint(authCode)}";

    public Task RecordAsync(string authCode, string corpId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("auth code record", () => redis.GetDatabase().StringSetAsync(Key(authCode), corpId, IAuthCodeLedger.Retention));

    public async Task<string?> FindCorpAsync(string authCode, CancellationToken cancellationToken)
    {
        var value = await RedisCalls.RunAsync("auth code lookup", () => redis.GetDatabase().StringGetAsync(Key(authCode)));
        return value.IsNull ? null : value.ToString();
    }
}

/// <summary>The embedded default.</summary>
public sealed class InMemoryAuthCodeLedger(TimeProvider time) : IAuthCodeLedger
{
    private readonly ConcurrentDictionary<string, (string CorpId, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public Task RecordAsync(string authCode, string corpId, CancellationToken cancellationToken)
    {
        _entries[IAuthCodeLedger.Fingerprint(authCode)] = (corpId, time.GetUtcNow() + IAuthCodeLedger.Retention);
        return Task.CompletedTask;
    }

    public Task<string?> FindCorpAsync(string authCode, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(IAuthCodeLedger.Fingerprint(authCode), out var entry) && entry.ExpiresAt > time.GetUtcNow()
            ? entry.CorpId
            : null);
}
