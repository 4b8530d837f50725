using WeComGateway.WeComApi.Media;

namespace WeComGateway.Workers.Media;

/// <summary>Where the bytes of a <see cref="MediaSource"/> come from.</summary>
internal enum MediaSourceKind
{
    /// <summary>A media id someone uploaded already: passed through as it is, never uploaded (and never refreshed).</summary>
    MediaId,

    /// <summary>A file under <c>Media:Root</c>, by its path relative to it.</summary>
    Path,

    /// <summary>An http(s) URL the gateway downloads.</summary>
    Url,
}

/// <summary>
/// One picture, video or file a WeCom call needs as a media id, and where it comes from. The type is part of the
/// source: the same file uploaded as an image and as a file are two media ids.
/// </summary>
internal sealed record MediaSource
{
    private MediaSource(MediaSourceKind kind, string type, string value)
    {
        if (type is not (MediaTypes.Image or MediaTypes.Video or MediaTypes.File))
        {
            throw new ArgumentException($"A media source is an {MediaTypes.Image}, a {MediaTypes.Video} or a {MediaTypes.File}, not '{type}'.", nameof(type));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Kind = kind;
        Type = type;
        Value = value;
    }

    public MediaSourceKind Kind { get; }

    /// <summary><c>image</c>, <c>video</c> or <c>file</c> (<see cref="MediaTypes"/>).</summary>
    public string Type { get; }

    /// <summary>The media id, the path relative to <c>Media:Root</c>, or the URL.</summary>
    public string Value { get; }

    /// <summary>What the cache names the source by (hashed into the cache field): kind and value.</summary>
    internal string Identity => $"{Kind.ToString().ToLowerInvariant()}:{Value}";

    public static MediaSource FromMediaId(string type, string mediaId) => new(MediaSourceKind.MediaId, type, mediaId);

    public static MediaSource FromPath(string type, string path) => new(MediaSourceKind.Path, type, path);

    /// <summary>An http or https URL; anything else is refused here.</summary>
    public static MediaSource FromUrl(string type, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("A media URL is an absolute http(s) URL.", nameof(url));
        }

        return new(MediaSourceKind.Url, type, url);
    }

    /// <summary>For logs and errors: a URL without its query (which may carry a signature), a path, or "a media id".</summary>
    public override string ToString() => Kind switch
    {
        MediaSourceKind.Url when Uri.TryCreate(Value, UriKind.Absolute, out var uri) => $"{Type} at {uri.GetLeftPart(UriPartial.Path)}",
        MediaSourceKind.Path => $"{Type} at path {Value}",
        _ => $"{Type} by media id",
    };
}

/// <summary>What a media id is uploaded for; it decides the upload API (and so which calls accept the id).</summary>
internal enum MediaPurpose
{
    /// <summary><c>media/upload</c>: messages, welcomes, group welcomes, mass messages.</summary>
    Message,

    /// <summary><c>media/upload_attachment</c> with attachment_type 1: customer moments (images and videos only).</summary>
    Moments,

    /// <summary><c>media/upload_attachment</c> with attachment_type 2: the product album.</summary>
    ProductAlbum,
}

/// <summary>A media source the gateway will not use (outside the root, too large, of a type WeCom refuses): retrying does not help.</summary>
internal sealed class MediaSourceException(string message) : Exception(message), Contracts.IPermanentFailure;
