namespace WeComGateway.Storage.Customers;

/// <summary>
/// A short-lived copy of a corp's tag list (the caller's JSON snapshot) at <c>wecomgw:{corpId}:tags</c>, so
/// tagging does not list the corp's tags from WeCom for every customer. Corp ids are validated like
/// <see cref="Authorizations.CorpKeys"/>. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ICorpTagCache
{
    /// <summary>The snapshot, or <c>null</c> when none was cached or it expired.</summary>
    Task<string?> GetAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Replaces the snapshot; it expires after <paramref name="ttl"/> (at least 1 ms).</summary>
    Task SetAsync(string corpId, string json, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Drops the snapshot (e.g. after the gateway created a tag), so the next read goes to WeCom.</summary>
    Task InvalidateAsync(string corpId, CancellationToken cancellationToken);
}
