using WeComGateway.Storage.Media;

namespace WeComGateway.Workers.Media;

/// <summary>What to do with what the cache holds for a source.</summary>
internal enum MediaCacheDecision
{
    /// <summary>Nothing cached, or the cached id has expired: upload.</summary>
    Upload,

    /// <summary>Valid, with more than the refresh margin left: use it.</summary>
    Use,

    /// <summary>Valid, but less than the refresh margin left: one reader uploads again, the others use it.</summary>
    Refresh,

    /// <summary>Valid, but the file under the path is no longer what was uploaded: upload.</summary>
    Changed,
}

internal static class MediaCacheDecisions
{
    /// <param name="contentSha256">The SHA-256 of the source's bytes when known now (a path's file), else null.</param>
    public static MediaCacheDecision Decide(CachedMedia? cached, string? contentSha256, DateTimeOffset now, TimeSpan refreshMargin)
    {
        if (cached is null || cached.ExpiresAt <= now)
        {
            return MediaCacheDecision.Upload;
        }

        if (contentSha256 is not null && !string.Equals(contentSha256, cached.ContentSha256, StringComparison.Ordinal))
        {
            return MediaCacheDecision.Changed;
        }

        return cached.ExpiresAt - now > refreshMargin ? MediaCacheDecision.Use : MediaCacheDecision.Refresh;
    }
}
