namespace WeComGateway.WeComApi.Tokens;

/// <summary>
/// Tokens for calls to WeCom: cached in Redis with their real expiry, refreshed ahead of it, fetched by one caller at
/// a time across all replicas (single-flight in process, a Redis lock across processes).
/// </summary>
public interface IAccessTokenProvider
{
    ValueTask<AccessToken> GetAsync(TokenKey key, CancellationToken cancellationToken);

    /// <summary>
    /// WeCom called <paramref name="staleValue"/> invalid or expired: drop it from the cache, unless another caller
    /// has already replaced it (compare-and-delete), so a burst of failures does not discard a fresh token.
    /// </summary>
    Task InvalidateAsync(TokenKey key, string staleValue, CancellationToken cancellationToken);
}

/// <summary>Fetches a brand-new token from WeCom (get_provider_token, get_suite_token, get_corp_token).</summary>
public interface ITokenSource
{
    Task<AccessToken> FetchAsync(TokenKey key, CancellationToken cancellationToken);
}
