using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Media;

/// <summary>
/// Media ids that stay valid (docs/media.md): a source (a path under <c>Media:Root</c>, a URL, or a media id given
/// as it is) becomes a media id of the corp, uploaded once across replicas, cached per corp, and uploaded again
/// before its three days run out or when WeCom refuses it (40007).
/// </summary>
internal interface IMediaLibrary
{
    /// <summary>
    /// The media id for <paramref name="source"/> in the corp of <paramref name="corpToken"/> (a corp token): a raw
    /// media id as it is; a path or URL from the cache, or uploaded for <paramref name="purpose"/>. Throws
    /// <see cref="MediaSourceException"/> for a source the gateway will not use.
    /// </summary>
    Task<string> ResolveAsync(TokenKey corpToken, MediaSource source, MediaPurpose purpose, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves every source (in order: <paramref name="call"/> gets one media id per source), then calls. When WeCom
    /// answers 40007 (invalid media id: it did not act, so calling again is safe even for a send), the ids this call
    /// resolved from paths and URLs are dropped from the cache, uploaded again and the call is made once more; a second
    /// 40007, or one with only raw media ids, is thrown.
    /// </summary>
    Task<T> CallWithMediaAsync<T>(
        TokenKey corpToken,
        IReadOnlyList<MediaSource> sources,
        MediaPurpose purpose,
        Func<IReadOnlyList<string>, Task<T>> call,
        CancellationToken cancellationToken);
}
