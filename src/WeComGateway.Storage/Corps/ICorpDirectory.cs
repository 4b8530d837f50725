using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Corps;

/// <summary>
/// Whether the corp holds a grant of any suite (active or not), answered without reading the permanent code, so
/// a host that never decrypts one (the receiver) needs no secrets key.
/// </summary>
public interface ICorpDirectory
{
    Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken);
}

/// <summary>Whether <c>wecomgw:{corpId}:grants</c> exists.</summary>
public sealed class RedisCorpDirectory(IConnectionMultiplexer redis) : ICorpDirectory
{
    public Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("corp lookup", () => redis.GetDatabase().KeyExistsAsync(RedisKeys.CorpGrants(corpId)));
}

/// <summary>The embedded default asks the authorization store itself: in memory, reading a record needs no secrets key.</summary>
public sealed class InMemoryCorpDirectory(IAuthorizationStore authorizations) : ICorpDirectory
{
    public async Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken) =>
        (await authorizations.ListAsync(corpId, cancellationToken)).Count > 0;
}
