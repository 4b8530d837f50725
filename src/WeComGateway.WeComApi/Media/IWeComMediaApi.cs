using Refit;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Media;

/// <summary>
/// Media uploads (素材管理) with an authorized corp's access token (<c>corpToken</c> = <see cref="TokenKey.Corp"/>):
/// multipart/form-data with the file in the part named <c>media</c>. Every media id they answer is valid for three
/// days from <c>created_at</c> and is shared by the apps of the corp. A repeated upload only makes a second media id,
/// so both are retried like reads.
/// </summary>
public interface IWeComMediaApi
{
    /// <summary>
    /// Temporary media (<c>media/upload</c>): <paramref name="type"/> is <c>image</c>, <c>voice</c>, <c>video</c> or
    /// <c>file</c> (<see cref="MediaTypes"/>); the media id goes into messages, welcomes and group welcomes.
    /// </summary>
    [Multipart]
    [Post("/cgi-bin/media/upload")]
    Task<MediaUploadResponse> UploadAsync(
        [Query, AliasAs("type")] string type,
        [AliasAs("media")] ByteArrayPart media,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// An attachment for customer moments or the product album (<c>media/upload_attachment</c>):
    /// <paramref name="mediaType"/> is <c>image</c>, <c>video</c> or <c>file</c>; <paramref name="attachmentType"/> 1
    /// (moments: images and videos only) or 2 (product album) (<see cref="AttachmentTypes"/>).
    /// </summary>
    [Multipart]
    [Post("/cgi-bin/media/upload_attachment")]
    Task<MediaUploadResponse> UploadAttachmentAsync(
        [Query, AliasAs("media_type")] string mediaType,
        [Query, AliasAs("attachment_type")] int attachmentType,
        [AliasAs("media")] ByteArrayPart media,
        [Property(WeComRequestOptions.Token)] TokenKey corpToken,
        CancellationToken cancellationToken = default);
}
