namespace WeComGateway.Storage.Media;

/// <summary>
/// A media id the gateway uploaded for one source, and what it knows of it: when WeCom took the file, when the id
/// stops working (three days later) and the SHA-256 of the bytes uploaded (lower-case hex), so a changed file is
/// uploaded again instead of sending the old picture.
/// </summary>
public sealed record CachedMedia(string MediaId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string ContentSha256);

/// <summary>
/// The media ids of a corp by source (<see cref="MediaCacheField"/>): in Redis one hash per corp,
/// <c>wecomgw:{corpId}:media</c>, removed with the corp's other keys when its last grant goes. Writes happen only while
/// the corp holds a grant. Throws <see cref="StoreUnavailableException"/> when the store cannot be reached.
/// </summary>
public interface IMediaCacheStore
{
    /// <summary>The media id cached for <paramref name="field"/>, expired or not, or <c>null</c>.</summary>
    Task<CachedMedia?> GetAsync(string corpId, string field, CancellationToken cancellationToken);

    /// <summary>Caches <paramref name="media"/> for <paramref name="field"/>; false (nothing written) when the corp holds no grant.</summary>
    Task<bool> SetAsync(string corpId, string field, CachedMedia media, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the entry of <paramref name="field"/>, but only while it still holds <paramref name="mediaId"/> (WeCom
    /// refused that id): an id another replica uploaded since stays. True when an entry was removed.
    /// </summary>
    Task<bool> RemoveAsync(string corpId, string field, string mediaId, CancellationToken cancellationToken);
}
