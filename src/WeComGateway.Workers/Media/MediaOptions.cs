using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;
using WeComGateway.WeComApi.Media;

namespace WeComGateway.Workers.Media;

/// <summary>Media the gateway uploads for rule sets and campaigns (section <c>Media</c>; docs/media.md).</summary>
internal sealed class MediaOptions : IValidatableOptions
{
    public const string SectionName = "Media";

    /// <summary>How long WeCom keeps a media id valid after its upload (both upload APIs).</summary>
    public static readonly TimeSpan MediaLifetime = TimeSpan.FromDays(3);

    private const long MegaByte = 1024 * 1024;

    /// <summary>
    /// The folder that <c>path</c> sources are relative to; unset → path sources are refused. Nothing outside it is
    /// read: rooted paths, <c>..</c> and symbolic links that lead out of it are refused.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>
    /// A cached media id with less than this left of its three days is uploaded again by the next reader (the others
    /// keep using the still-valid id meanwhile).
    /// </summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The whole download of a <c>url</c> source, headers to last byte.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest download per type; WeCom's own limits (image 10 MB, video 10 MB, file 20 MB) are the most.</summary>
    public MediaSizeLimits MaxDownloadBytes { get; set; } = new();

    /// <summary>How long one replica's claim on an upload lasts if it dies while uploading.</summary>
    public TimeSpan UploadClaimTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a replica waits for another replica's upload of the same source before uploading itself.</summary>
    public TimeSpan WaitForOtherUpload { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting replica looks for the other's media id.</summary>
    public TimeSpan WaitPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public void Validate(OptionsValidationContext context)
    {
        if (RefreshMargin < TimeSpan.Zero || RefreshMargin >= MediaLifetime)
        {
            context.Problem(nameof(RefreshMargin), "must be between 0 and 3 days (a media id's lifetime), 3 days excluded.");
        }

        if (DownloadTimeout < TimeSpan.FromMilliseconds(100) || DownloadTimeout > TimeSpan.FromMinutes(5))
        {
            context.Problem(nameof(DownloadTimeout), "must be between 100 ms and 5 minutes.");
        }

        if (UploadClaimTtl < TimeSpan.FromSeconds(1) || WaitForOtherUpload < TimeSpan.Zero || WaitPollInterval < TimeSpan.FromMilliseconds(10))
        {
            context.Problem(nameof(UploadClaimTtl), "must be at least 1 s, WaitForOtherUpload not negative and WaitPollInterval at least 10 ms.");
        }
    }

    /// <summary>The download limit of <paramref name="type"/>.</summary>
    public long MaxBytes(string type) => type switch
    {
        MediaTypes.Image => MaxDownloadBytes.Image,
        MediaTypes.Video => MaxDownloadBytes.Video,
        _ => MaxDownloadBytes.File,
    };

    /// <summary>Download limits per type (section <c>Media:MaxDownloadBytes</c>), bounded by WeCom's.</summary>
    internal sealed class MediaSizeLimits
    {
        [Range(6, 10 * MegaByte)]
        public long Image { get; set; } = 10 * MegaByte;

        [Range(6, 10 * MegaByte)]
        public long Video { get; set; } = 10 * MegaByte;

        [Range(6, 20 * MegaByte)]
        public long File { get; set; } = 20 * MegaByte;
    }
}
