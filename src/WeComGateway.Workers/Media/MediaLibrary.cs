using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Media;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Media;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Media;

/// <summary>
/// <see cref="IMediaLibrary"/> over the corp's media cache (<see cref="IMediaCacheStore"/>), an upload claim per
/// source (<see cref="ClaimKey.MediaUpload"/>: one replica uploads, the others wait for its id) and the upload APIs.
/// A cached id with less than <c>Media:RefreshMargin</c> left is uploaded again by the reader that takes the claim;
/// a path whose file changed is uploaded again at once (a URL's content is only looked at when it is uploaded).
/// </summary>
internal sealed partial class MediaLibrary(
    IMediaCacheStore cache,
    IClaimStore claims,
    IWeComMediaApi api,
    MediaDownloader downloader,
    IOptions<MediaOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<MediaLibrary> logger) : IMediaLibrary
{
    private static readonly string Process = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<string> ResolveAsync(TokenKey corpToken, MediaSource source, MediaPurpose purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind == MediaSourceKind.MediaId
            ? source.Value
            : await ResolveUploadedAsync(new Upload(corpToken, source, purpose), cancellationToken);
    }

    public async Task<T> CallWithMediaAsync<T>(
        TokenKey corpToken,
        IReadOnlyList<MediaSource> sources,
        MediaPurpose purpose,
        Func<IReadOnlyList<string>, Task<T>> call,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(call);
        var ids = await ResolveAllAsync(corpToken, sources, purpose, cancellationToken);
        try
        {
            return await call(ids);
        }
        catch (WeComApiException ex) when (ex.ErrCode == MediaErrCodes.InvalidMediaId && sources.Any(s => s.Kind != MediaSourceKind.MediaId))
        {
            var corpId = CorpOf(corpToken);
            foreach (var (source, id) in sources.Zip(ids).Where(p => p.First.Kind != MediaSourceKind.MediaId).DistinctBy(p => p.First))
            {
                await cache.RemoveAsync(corpId, new Upload(corpToken, source, purpose).Field, id, cancellationToken);
                metrics.MediaReupload("invalid_media_id");
            }

            LogRefused(corpId, ex.Api, sources.Count(s => s.Kind != MediaSourceKind.MediaId));
        }

        return await call(await ResolveAllAsync(corpToken, sources, purpose, cancellationToken));
    }

    /// <summary>One media id per source, each distinct source resolved once, all at the same time.</summary>
    private async Task<IReadOnlyList<string>> ResolveAllAsync(TokenKey corpToken, IReadOnlyList<MediaSource> sources, MediaPurpose purpose, CancellationToken cancellationToken)
    {
        var distinct = sources.Distinct().ToList();
        var resolved = await Task.WhenAll(distinct.Select(s => ResolveAsync(corpToken, s, purpose, cancellationToken)));
        return [.. sources.Select(s => resolved[distinct.IndexOf(s)])];
    }

    private async Task<string> ResolveUploadedAsync(Upload upload, CancellationToken cancellationToken)
    {
        var content = upload.Source.Kind == MediaSourceKind.Path ? await ReadFileAsync(upload.Source, cancellationToken) : null;
        var cached = await cache.GetAsync(upload.CorpId, upload.Field, cancellationToken);
        var now = time.GetUtcNow();
        switch (MediaCacheDecisions.Decide(cached, content?.Sha256, now, options.Value.RefreshMargin))
        {
            case MediaCacheDecision.Use:
                metrics.MediaCache("hit");
                return cached!.MediaId;
            case MediaCacheDecision.Refresh:
                return await RefreshAsync(upload, cached!, content, cancellationToken);
            case MediaCacheDecision.Changed:
                metrics.MediaCache("miss");
                metrics.MediaReupload("changed");
                return await UploadOnceAsync(upload, content, cancellationToken);
            default:
                metrics.MediaCache("miss");
                return await UploadOnceAsync(upload, content, cancellationToken);
        }
    }

    /// <summary>Less than the margin left: the reader that takes the claim uploads again; the others keep the still-valid id.</summary>
    private async Task<string> RefreshAsync(Upload upload, CachedMedia cached, MediaContent? content, CancellationToken cancellationToken)
    {
        var owner = NewOwner();
        if (await claims.TryClaimAsync(upload.Claim, owner, options.Value.UploadClaimTtl, cancellationToken) != ClaimOutcome.Claimed)
        {
            metrics.MediaCache("hit");
            return cached.MediaId;
        }

        metrics.MediaCache("refresh");
        metrics.MediaReupload("refresh");
        try
        {
            return await UploadAndCacheAsync(upload, content, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not MediaSourceException)
        {
            LogRefreshFailed(upload.CorpId, upload.Source.ToString(), ex.GetType().Name);
            return cached.MediaId; // still valid: the next reader tries again
        }
        finally
        {
            await claims.ReleaseAsync(upload.Claim, owner, CancellationToken.None);
        }
    }

    /// <summary>Nothing usable cached: upload under the claim, or wait for the replica that holds it, then upload anyway.</summary>
    private async Task<string> UploadOnceAsync(Upload upload, MediaContent? content, CancellationToken cancellationToken)
    {
        var owner = NewOwner();
        if (await claims.TryClaimAsync(upload.Claim, owner, options.Value.UploadClaimTtl, cancellationToken) == ClaimOutcome.Claimed)
        {
            try
            {
                return await UploadAndCacheAsync(upload, content, cancellationToken);
            }
            finally
            {
                await claims.ReleaseAsync(upload.Claim, owner, CancellationToken.None);
            }
        }

        var deadline = time.GetUtcNow() + options.Value.WaitForOtherUpload;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(options.Value.WaitPollInterval, time, cancellationToken);
            var cached = await cache.GetAsync(upload.CorpId, upload.Field, cancellationToken);
            if (MediaCacheDecisions.Decide(cached, content?.Sha256, time.GetUtcNow(), options.Value.RefreshMargin) == MediaCacheDecision.Use)
            {
                return cached!.MediaId;
            }
        }

        LogWaitedInVain(upload.CorpId, upload.Source.ToString(), options.Value.WaitForOtherUpload.TotalSeconds);
        return await UploadAndCacheAsync(upload, content, cancellationToken);
    }

    private async Task<string> UploadAndCacheAsync(Upload upload, MediaContent? content, CancellationToken cancellationToken)
    {
        content ??= upload.Source.Kind == MediaSourceKind.Path
            ? await ReadFileAsync(upload.Source, cancellationToken)
            : await downloader.DownloadAsync(upload.Source, cancellationToken);
        var purpose = PurposeName(upload.Purpose);
        MediaUploadResponse response;
        try
        {
            var part = new ByteArrayPart(content.Bytes, content.FileName, content.ContentType);
            response = upload.Purpose switch
            {
                MediaPurpose.Message => await api.UploadAsync(upload.Source.Type, part, upload.Token, cancellationToken),
                MediaPurpose.Moments => await api.UploadAttachmentAsync(upload.Source.Type, AttachmentTypes.Moments, part, upload.Token, cancellationToken),
                _ => await api.UploadAttachmentAsync(upload.Source.Type, AttachmentTypes.ProductAlbum, part, upload.Token, cancellationToken),
            };
        }
        catch (Exception ex)
        {
            metrics.MediaUpload(purpose, ex is WeComApiException ? "refused" : "failed");
            throw;
        }

        metrics.MediaUpload(purpose, "uploaded");
        var mediaId = response.MediaId is { Length: > 0 } id ? id : throw new InvalidOperationException($"{purpose} upload of a {upload.Source.Type} answered no media_id");
        var createdAt = response.CreatedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(response.CreatedAt) : time.GetUtcNow();
        var cached = new CachedMedia(mediaId, createdAt, createdAt + MediaOptions.MediaLifetime, content.Sha256);
        if (!await cache.SetAsync(upload.CorpId, upload.Field, cached, CancellationToken.None))
        {
            LogNotCached(upload.CorpId);
        }

        LogUploaded(upload.CorpId, upload.Source.ToString(), purpose, content.Bytes.Length);
        return mediaId;
    }

    private Task<MediaContent> ReadFileAsync(MediaSource source, CancellationToken cancellationToken) =>
        MediaFiles.ReadAsync(options.Value.Root, source, options.Value.MaxBytes(source.Type), cancellationToken);

    private static string NewOwner() => $"{Process}:{Guid.NewGuid():N}";

    private static string CorpOf(TokenKey token) =>
        token is { Kind: TokenKind.Corp, CorpId: { Length: > 0 } corpId } ? corpId : throw new ArgumentException("Media are uploaded with a corp token.", nameof(token));

    /// <summary>The purpose as cache fields and metrics name it.</summary>
    internal static string PurposeName(MediaPurpose purpose) => purpose switch
    {
        MediaPurpose.Message => "message",
        MediaPurpose.Moments => "moments",
        MediaPurpose.ProductAlbum => "product_album",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    /// <summary>One source to upload for one corp and purpose, with its cache field and claim.</summary>
    private sealed record Upload(TokenKey Token, MediaSource Source, MediaPurpose Purpose)
    {
        public string CorpId { get; } = CorpOf(Token);

        public string Field { get; } = MediaCacheField.Of(PurposeName(Purpose), Source.Type, Source.Identity);

        public ClaimKey Claim => ClaimKey.MediaUpload(CorpId, Field);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: {Source} uploaded for {Purpose} ({Bytes} bytes)")]
    private partial void LogUploaded(string corpId, string source, string purpose, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: {Api} refused a media id (40007); {Count} uploaded media are uploaded again and the call made once more")]
    private partial void LogRefused(string corpId, string api, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: refreshing {Source} failed ({Error}); the cached media id is still valid and used")]
    private partial void LogRefreshFailed(string corpId, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: another replica's upload of {Source} gave no media id within {Seconds} s; uploading here")]
    private partial void LogWaitedInVain(string corpId, string source, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId}: the media id is not cached (the corp holds no grant)")]
    private partial void LogNotCached(string corpId);
}
