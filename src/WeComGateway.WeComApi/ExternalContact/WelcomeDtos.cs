using System.Text.Json.Serialization;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary><c>externalcontact/send_welcome_msg</c>: text and attachments (≤ 9) not both empty.</summary>
public sealed record SendWelcomeMessageRequest([property: JsonPropertyName("welcome_code")] string WelcomeCode)
{
    [JsonPropertyName("text")]
    public WelcomeText? Text { get; init; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<WelcomeAttachment>? Attachments { get; init; }
}

public sealed record WelcomeText([property: JsonPropertyName("content")] string Content);

/// <summary>One attachment; exactly the member named by <see cref="MsgType"/> is set. Use the factories.</summary>
public sealed record WelcomeAttachment
{
    [JsonPropertyName("msgtype")]
    public string MsgType { get; init; } = string.Empty;

    [JsonPropertyName("image")]
    public ImageAttachment? Image { get; init; }

    [JsonPropertyName("link")]
    public LinkAttachment? Link { get; init; }

    [JsonPropertyName("miniprogram")]
    public MiniProgramAttachment? MiniProgram { get; init; }

    [JsonPropertyName("video")]
    public MediaAttachment? Video { get; init; }

    [JsonPropertyName("file")]
    public MediaAttachment? File { get; init; }

    public static WelcomeAttachment ForImage(ImageAttachment image) => new() { MsgType = "image", Image = image };

    public static WelcomeAttachment ForLink(LinkAttachment link) => new() { MsgType = "link", Link = link };

    public static WelcomeAttachment ForMiniProgram(MiniProgramAttachment miniProgram) => new() { MsgType = "miniprogram", MiniProgram = miniProgram };

    public static WelcomeAttachment ForVideo(string mediaId) => new() { MsgType = "video", Video = new MediaAttachment(mediaId) };

    public static WelcomeAttachment ForFile(string mediaId) => new() { MsgType = "file", File = new MediaAttachment(mediaId) };
}

/// <summary><c>media_id</c> (temporary media, 3 days) or <c>pic_url</c>.</summary>
public sealed record ImageAttachment
{
    [JsonPropertyName("media_id")]
    public string? MediaId { get; init; }

    [JsonPropertyName("pic_url")]
    public string? PicUrl { get; init; }
}

public sealed record LinkAttachment(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("url")] string Url)
{
    [JsonPropertyName("picurl")]
    public string? PicUrl { get; init; }

    [JsonPropertyName("desc")]
    public string? Desc { get; init; }
}

public sealed record MiniProgramAttachment(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("pic_media_id")] string PicMediaId,
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("page")] string Page);

public sealed record MediaAttachment([property: JsonPropertyName("media_id")] string MediaId);
