using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Corps;

/// <summary>Which enterprises have authorized a suite (their permanent code is stored).</summary>
public interface ICorpDirectory
{
    Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken);
}

public sealed class RedisCorpDirectory(IConnectionMultiplexer redis) : ICorpDirectory
{
    public Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken) =>
        RedisCalls.Run("corp lookup", () => redis.GetDatabase().KeyExistsAsync(RedisKeys.CorpAuthorization(corpId)));
}

/// <summary>The embedded default knows the corps listed in configuration (<c>WeCom:DemoCorpIds</c>).</summary>
public sealed class InMemoryCorpDirectory(IEnumerable<string> knownCorpIds) : ICorpDirectory
{
    private readonly HashSet<string> _known = new(knownCorpIds, StringComparer.Ordinal);

    public Task<bool> IsKnownAsync(string corpId, CancellationToken cancellationToken) => Task.FromResult(_known.Contains(corpId));
}
