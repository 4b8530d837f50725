using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.Media;

/// <summary>What media/upload and media/upload_attachment answer.</summary>
public sealed class MediaUploadResponse : WeComResponse
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("media_id")]
    public string? MediaId { get; set; }

    /// <summary>When WeCom took the file (unix seconds; media/upload answers it as a string, upload_attachment as a number).</summary>
    [JsonPropertyName("created_at")]
    [JsonConverter(typeof(UnixSecondsConverter))]
    public long CreatedAt { get; set; }
}

/// <summary>The <c>type</c> / <c>media_type</c> values WeCom takes.</summary>
public static class MediaTypes
{
    public const string Image = "image";
    public const string Voice = "voice";
    public const string Video = "video";
    public const string File = "file";
}

/// <summary>upload_attachment's <c>attachment_type</c>.</summary>
public static class AttachmentTypes
{
    /// <summary>Customer moments (朋友圈): images and videos only.</summary>
    public const int Moments = 1;

    /// <summary>The product album (商品图册).</summary>
    public const int ProductAlbum = 2;
}

/// <summary>The media errcodes (global error codes).</summary>
public static class MediaErrCodes
{
    /// <summary>不合法的媒体文件类型: the file does not meet WeCom's requirements for the type.</summary>
    public const int InvalidMediaFileType = 40004;

    /// <summary>不合法的type参数 (also answered when the file name's extension does not fit the type).</summary>
    public const int InvalidType = 40005;

    /// <summary>不合法的文件大小: 5 bytes or less, or over the type's limit.</summary>
    public const int InvalidFileSize = 40006;

    /// <summary>不合法的media_id参数: unknown, of another corp, or expired (three days after upload).</summary>
    public const int InvalidMediaId = 40007;

    /// <summary>上传图片大小不是有效值.</summary>
    public const int InvalidImageSize = 40009;

    /// <summary>上传视频大小不是有效值.</summary>
    public const int InvalidVideoSize = 40011;
}

/// <summary>Reads unix seconds given as a number or as a string of digits.</summary>
internal sealed class UnixSecondsConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetInt64(),
        JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) => seconds,
        JsonTokenType.String or JsonTokenType.Null => 0,
        _ => throw new JsonException("created_at is neither a number nor a string"),
    };

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
