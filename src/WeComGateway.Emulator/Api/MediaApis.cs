using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// <c>/cgi-bin/media/upload</c> and <c>/cgi-bin/media/upload_attachment</c> (multipart/form-data, the file in the part
/// <c>media</c>), against the calling corp's state. Limits as WeCom documents them: more than 5 bytes; image ≤ 10 MB
/// (.jpg/.jpeg/.png), voice ≤ 2 MB (.amr), video ≤ 10 MB (.mp4), file ≤ 20 MB; an unknown type or an extension that
/// does not fit the type → 40005, a size out of range → 40009 (image), 40011 (video), 40006 (others); moments
/// attachments (<c>attachment_type</c> 1) take images and videos only (40004). A media id lives
/// <see cref="EmulatorOptions.MediaLifetime"/> (WeCom: 3 days); an APIs that takes media ids answers 40007 for one
/// the emulator issued that has expired or belongs to another corp. Ids the emulator never issued (tests and demos
/// make them up) are taken as given.
/// </summary>
internal static class MediaApis
{
    /// <summary>Every media id the emulator issues starts with this.</summary>
    public const string MediaIdPrefix = "3emu";

    public const int InvalidMediaFileType = 40004;
    public const int InvalidType = 40005;
    public const int InvalidFileSize = 40006;
    public const int InvalidMediaId = 40007;
    public const int InvalidImageSize = 40009;
    public const int InvalidVideoSize = 40011;

    private const int MinBytesExclusive = 5;
    private const long MegaByte = 1024 * 1024;

    private static readonly Dictionary<string, (long MaxBytes, string[] Extensions, int SizeError)> Limits = new(StringComparer.Ordinal)
    {
        ["image"] = (10 * MegaByte, [".jpg", ".jpeg", ".png"], InvalidImageSize),
        ["voice"] = (2 * MegaByte, [".amr"], InvalidFileSize),
        ["video"] = (10 * MegaByte, [".mp4"], InvalidVideoSize),
        ["file"] = (20 * MegaByte, [], InvalidFileSize),
    };

    public static IEnumerable<ApiSpec> All =>
    [
        new("media/upload", TokenKind.Corp, (state, call) => ExternalContactApis.OnCorp((corp, c) => Upload(corp, c, c.Query["type"].ToString(), null, state.MediaLifetime))(state, call), IsUpload: true),
        new("media/upload_attachment", TokenKind.Corp, (state, call) => ExternalContactApis.OnCorp((corp, c) => UploadAttachment(corp, c, state.MediaLifetime))(state, call), IsUpload: true),
    ];

    /// <summary>The multipart request as the handlers read it: the <c>media</c> part's name, length and content type.</summary>
    public static async Task<JsonObject> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return [];
        }

        var form = await request.ReadFormAsync(cancellationToken);
        return form.Files.GetFile("media") is { } file
            ? new JsonObject { ["filename"] = file.FileName, ["filelength"] = file.Length, ["content_type"] = file.ContentType }
            : [];
    }

    /// <summary>
    /// Null when every id in <paramref name="mediaIds"/> may be used by the corp now; else the 40007 answer. Ids the
    /// emulator never issued pass.
    /// </summary>
    public static JsonObject? CheckMediaIds(CorpState corp, DateTimeOffset now, IEnumerable<string?> mediaIds)
    {
        foreach (var id in mediaIds)
        {
            if (id is null || !id.StartsWith(MediaIdPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!corp.Media.TryGetValue(id, out var media) || media.ExpiresAt <= now)
            {
                return Json.Error(InvalidMediaId, "invalid media_id");
            }
        }

        return null;
    }

    /// <summary>The media ids in a list of message attachments (image, video, file, a mini program's picture).</summary>
    public static IEnumerable<string?> AttachmentMediaIds(JsonArray attachments) =>
        attachments.OfType<JsonObject>().Select(a => a.Str("msgtype") switch
        {
            "image" => (a["image"] as JsonObject)?.Str("media_id"),
            "video" => (a["video"] as JsonObject)?.Str("media_id"),
            "file" => (a["file"] as JsonObject)?.Str("media_id"),
            "miniprogram" => (a["miniprogram"] as JsonObject)?.Str("pic_media_id"),
            _ => null,
        });

    /// <summary><c>{corpid, media_id?}</c>: the media id (every media id of the corp when none) expires now.</summary>
    internal static Results<NoContent, NotFound<string>, BadRequest<string>> Expire(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        return state.ExpireMedia(corpId, body.Str("media_id")) > 0
            ? TypedResults.NoContent()
            : TypedResults.NotFound($"corp {corpId} has no such valid media");
    }

    private static JsonObject UploadAttachment(CorpState corp, ApiCall call, TimeSpan lifetime)
    {
        var mediaType = call.Query["media_type"].ToString();
        var attachmentType = call.Query["attachment_type"].ToString();
        if (attachmentType is not ("1" or "2"))
        {
            return Json.Error(40058, "invalid attachment_type");
        }

        if (mediaType is not ("image" or "video" or "file"))
        {
            return Json.Error(InvalidType, "invalid media_type");
        }

        if (attachmentType == "1" && mediaType == "file")
        {
            return Json.Error(InvalidMediaFileType, "moments attachments are images or videos");
        }

        return Upload(corp, call, mediaType, int.Parse(attachmentType, System.Globalization.CultureInfo.InvariantCulture), lifetime);
    }

    private static JsonObject Upload(CorpState corp, ApiCall call, string type, int? attachmentType, TimeSpan lifetime)
    {
        if (!Limits.TryGetValue(type, out var limit))
        {
            return Json.Error(InvalidType, "invalid type");
        }

        if (call.Body.Str("filename") is not { } fileName || call.Body.Long("filelength") is not { } length)
        {
            return Json.Error(41005, "media data missing");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (limit.Extensions.Length > 0 && !limit.Extensions.Contains(extension))
        {
            return Json.Error(InvalidType, "invalid file type");
        }

        if (length <= MinBytesExclusive || length > limit.MaxBytes)
        {
            return Json.Error(limit.SizeError, "invalid file size");
        }

        var mediaId = Json.NewId(MediaIdPrefix, 40);
        corp.Media[mediaId] = new MediaRecord(mediaId, type, fileName, length, attachmentType, call.Now, call.Now + lifetime);
        return Json.Ok(new()
        {
            ["type"] = type,
            ["media_id"] = mediaId,
            ["created_at"] = attachmentType is null
                ? call.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) // media/upload: a string
                : call.Now.ToUnixTimeSeconds(),
        });
    }
}
