namespace WeComGateway.Storage.Tokens;

/// <summary>A cached WeCom token. The store keeps it until <see cref="ExpiresAt"/>.</summary>
public sealed record CachedToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"CachedToken(expires {ExpiresAt:O})";
}

/// <summary>
/// Shared token cache and the locks that make one replica fetch a token while the others wait
/// (keys under <c>wecomgw:</c>; lock names under <c>wecomgw:lock:</c>). Throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ITokenStore
{
    Task<CachedToken?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores with a TTL of <c>ExpiresAt − now</c>.</summary>
    Task SetAsync(string key, CachedToken token, CancellationToken cancellationToken);

    /// <summary>Deletes only while the stored value is still <paramref name="value"/>.</summary>
    Task<bool> DeleteIfValueAsync(string key, string value, CancellationToken cancellationToken);

    Task<bool> TryAcquireLockAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    Task ReleaseLockAsync(string name, string owner, CancellationToken cancellationToken);
}
