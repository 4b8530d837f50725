using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/add_moment_task</c> (企业发表内容到客户的朋友圈): text (≤ 2000 characters) and/or attachments — up
/// to 9 images, or 1 video, or 1 link, never mixed — not both empty. Images, videos and a link's cover are media ids
/// of media/upload_attachment (attachment_type 1, valid 3 days). <see cref="VisibleRange"/> absent: every member in the
/// app's visible range publishes it. WeCom creates the task asynchronously: the answer is a job id (24 hours).
/// </summary>
public sealed record AddMomentTaskRequest
{
    [JsonPropertyName("text")]
    public WelcomeText? Text { get; init; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<MomentAttachment>? Attachments { get; init; }

    [JsonPropertyName("visible_range")]
    public MomentVisibleRange? VisibleRange { get; init; }
}

/// <summary>One attachment; exactly the member named by <see cref="MsgType"/> is set. Use the factories.</summary>
public sealed record MomentAttachment
{
    [JsonPropertyName("msgtype")]
    public string MsgType { get; init; } = string.Empty;

    [JsonPropertyName("image")]
    public MediaAttachment? Image { get; init; }

    [JsonPropertyName("video")]
    public MediaAttachment? Video { get; init; }

    [JsonPropertyName("link")]
    public MomentLink? Link { get; init; }

    public static MomentAttachment ForImage(string mediaId) => new() { MsgType = "image", Image = new MediaAttachment(mediaId) };

    public static MomentAttachment ForVideo(string mediaId) => new() { MsgType = "video", Video = new MediaAttachment(mediaId) };

    public static MomentAttachment ForLink(MomentLink link) => new() { MsgType = "link", Link = link };
}

/// <summary>A link (图文): <c>title</c> ≤ 64 bytes, the <c>url</c>, and its cover as an upload_attachment media id.</summary>
public sealed record MomentLink(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("media_id")] string MediaId)
{
    [JsonPropertyName("title")]
    public string? Title { get; init; }
}

/// <summary>Who publishes (<see cref="SenderList"/>) and which customers see it (<see cref="ExternalContactList"/>).</summary>
public sealed record MomentVisibleRange
{
    [JsonPropertyName("sender_list")]
    public MomentSenderList? SenderList { get; init; }

    [JsonPropertyName("external_contact_list")]
    public MomentExternalContactList? ExternalContactList { get; init; }
}

/// <summary>Members (userids, ≤ 100,000) and departments asked to publish.</summary>
public sealed record MomentSenderList
{
    [JsonPropertyName("user_list")]
    public IReadOnlyList<string>? UserList { get; init; }

    [JsonPropertyName("department_list")]
    public IReadOnlyList<long>? DepartmentList { get; init; }
}

/// <summary>Corp customer tag ids (企业客户标签; not rule-group tags) whose customers see the moment.</summary>
public sealed record MomentExternalContactList
{
    [JsonPropertyName("tag_list")]
    public IReadOnlyList<string>? TagList { get; init; }
}

public sealed class AddMomentTaskResponse : WeComResponse
{
    /// <summary>The asynchronous job (≤ 64 bytes), valid 24 hours: read it with get_moment_task_result.</summary>
    [JsonPropertyName("jobid")]
    public string? JobId { get; set; }
}

/// <summary>
/// <c>externalcontact/get_moment_task_result</c>: <see cref="Status"/> 1 started, 2 running, 3 done; <see cref="Result"/>
/// is meaningful once done.
/// </summary>
public sealed class MomentTaskResultResponse : WeComResponse
{
    public const int Started = 1;
    public const int Running = 2;
    public const int Done = 3;

    [JsonPropertyName("status")]
    public int Status { get; set; }

    /// <summary>Always <c>add_moment_task</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("result")]
    public MomentTaskResult? Result { get; set; }
}

/// <summary>The finished task: its own errcode, WeCom's moment id, and the senders and tags it could not use.</summary>
public sealed class MomentTaskResult
{
    [JsonPropertyName("errcode")]
    public int ErrCode { get; set; }

    [JsonPropertyName("errmsg")]
    public string? ErrMsg { get; set; }

    [JsonPropertyName("moment_id")]
    public string? MomentId { get; set; }

    [JsonPropertyName("invalid_sender_list")]
    public MomentSenderList? InvalidSenderList { get; set; }

    [JsonPropertyName("invalid_external_contact_list")]
    public MomentExternalContactList? InvalidExternalContactList { get; set; }
}
