using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Media;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Welcome;

/// <summary>
/// Welcome-style attachments (<see cref="WelcomeAttachmentSpec"/>: welcomes, campaigns' add_msg_template) and their
/// media: the sources to resolve through <see cref="IMediaLibrary"/>, then the wire attachments with the media ids
/// filled in. Use the two together: <c>CallWithMediaAsync(token, Sources(a), MediaPurpose.Message, ids =&gt; … ToWire(a, ids) …)</c>.
/// </summary>
internal static class WelcomeAttachmentMedia
{
    /// <summary>
    /// The media of <paramref name="attachments"/>, in order: one per image, video or file given by media id, path or
    /// URL, and one per mini program picture; none for a link or an image by <c>picUrl</c> (WeCom fetches that itself).
    /// </summary>
    public static IReadOnlyList<MediaSource> Sources(IReadOnlyList<WelcomeAttachmentSpec> attachments) =>
        [.. attachments.Select(SourceOf).OfType<MediaSource>()];

    /// <summary>
    /// The send_welcome_msg / add_msg_template attachments, <paramref name="mediaIds"/> (one per
    /// <see cref="Sources"/>, same order) in place of the sources.
    /// </summary>
    public static IReadOnlyList<WelcomeAttachment> ToWire(IReadOnlyList<WelcomeAttachmentSpec> attachments, IReadOnlyList<string> mediaIds)
    {
        var wire = new List<WelcomeAttachment>(attachments.Count);
        var next = 0;
        foreach (var a in attachments)
        {
            var mediaId = SourceOf(a) is null ? null : next < mediaIds.Count ? mediaIds[next++] : throw new ArgumentException("Fewer media ids than media sources.", nameof(mediaIds));
            wire.Add(a.Type switch
            {
                WelcomeAttachmentTypes.Image => WelcomeAttachment.ForImage(mediaId is null ? new ImageAttachment { PicUrl = a.PicUrl } : new ImageAttachment { MediaId = mediaId }),
                WelcomeAttachmentTypes.Link => WelcomeAttachment.ForLink(new LinkAttachment(a.Title ?? string.Empty, a.Url ?? string.Empty) { PicUrl = a.PicUrl, Desc = a.Description }),
                WelcomeAttachmentTypes.MiniProgram => WelcomeAttachment.ForMiniProgram(new MiniProgramAttachment(a.Title ?? string.Empty, mediaId!, a.AppId ?? string.Empty, a.Page ?? string.Empty)),
                WelcomeAttachmentTypes.Video => WelcomeAttachment.ForVideo(mediaId!),
                WelcomeAttachmentTypes.File => WelcomeAttachment.ForFile(mediaId!),
                _ => throw new ArgumentException($"Attachment type '{a.Type}' is not one WeCom accepts", nameof(attachments)),
            });
        }

        return next == mediaIds.Count ? wire : throw new ArgumentException("More media ids than media sources.", nameof(mediaIds));
    }

    private static MediaSource? SourceOf(WelcomeAttachmentSpec a) => a.Type switch
    {
        WelcomeAttachmentTypes.Image or WelcomeAttachmentTypes.Video or WelcomeAttachmentTypes.File => Source(a.Type, a.MediaId, a.Path, a.Url),
        WelcomeAttachmentTypes.MiniProgram => Source(MediaTypes.Image, a.PicMediaId, a.PicPath, a.PicUrl),
        _ => null,
    };

    private static MediaSource? Source(string type, string? mediaId, string? path, string? url) =>
        !string.IsNullOrWhiteSpace(mediaId) ? MediaSource.FromMediaId(type, mediaId)
        : !string.IsNullOrWhiteSpace(path) ? MediaSource.FromPath(type, path)
        : !string.IsNullOrWhiteSpace(url) ? MediaSource.FromUrl(type, url)
        : null;
}
