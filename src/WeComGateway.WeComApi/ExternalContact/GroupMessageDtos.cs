using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/add_msg_template</c> (创建企业群发): a mass message the members still have to confirm in the
/// WeCom app before it goes out. <see cref="ExternalUserIds"/> and <see cref="Sender"/> are not both empty; with
/// <see cref="Sender"/> alone WeCom takes every customer of that member. Text (≤ 4000 bytes) and attachments
/// (≤ 9, the shapes of send_welcome_msg) are not both empty. No idempotency key: a resend creates a second task.
/// </summary>
public sealed record AddMessageTemplateRequest
{
    /// <summary>WeCom's limit on <see cref="ExternalUserIds"/> in one call (more → 40058).</summary>
    public const int MaxCustomers = 10_000;

    /// <summary>WeCom's limit on <see cref="Attachments"/> (more → 41064).</summary>
    public const int MaxAttachments = 9;

    /// <summary>WeCom's limit on <c>text.content</c>, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 4000;

    /// <summary><c>single</c> (customers, the default) or <c>group</c> (customer groups).</summary>
    [JsonPropertyName("chat_type")]
    public string ChatType { get; init; } = "single";

    [JsonPropertyName("external_userid")]
    public IReadOnlyList<string>? ExternalUserIds { get; init; }

    /// <summary>The member who sends it; without it WeCom gives each customer to one of the members who follow them.</summary>
    [JsonPropertyName("sender")]
    public string? Sender { get; init; }

    /// <summary>Whether the member may change the selection of customers before sending (WeCom's default: false).</summary>
    [JsonPropertyName("allow_select")]
    public bool? AllowSelect { get; init; }

    [JsonPropertyName("text")]
    public WelcomeText? Text { get; init; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<WelcomeAttachment>? Attachments { get; init; }
}

public sealed class AddMessageTemplateResponse : WeComResponse
{
    /// <summary>The customers WeCom will not send it to (unknown, or nobody's customer who could send it).</summary>
    [JsonPropertyName("fail_list")]
    public IReadOnlyList<string> FailList { get; set; } = [];

    /// <summary>The task's id: the key of get_groupmsg_task, get_groupmsg_send_result, remind and cancel.</summary>
    [JsonPropertyName("msgid")]
    public string? MsgId { get; set; }
}

/// <summary><c>externalcontact/get_groupmsg_task</c>: the members of a task and whether each has sent it.</summary>
public sealed record GroupMessageTaskRequest([property: JsonPropertyName("msgid")] string MsgId)
{
    /// <summary>WeCom's maximum <see cref="Limit"/> (a larger one is taken as the default, 500).</summary>
    public const int MaxLimit = 1000;

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    /// <summary>The previous answer's <c>next_cursor</c>; absent on the first call.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }
}

public sealed class GroupMessageTaskResponse : WeComResponse
{
    /// <summary>Empty or absent on the last page.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }

    [JsonPropertyName("task_list")]
    public IReadOnlyList<GroupMessageTask> TaskList { get; set; } = [];
}

/// <summary>One member's part of a task; <see cref="Status"/> is a <see cref="GroupMessageTaskStatus"/>.</summary>
public sealed class GroupMessageTask
{
    [JsonPropertyName("userid")]
    public string UserId { get; set; } = string.Empty;

    [JsonPropertyName("status")]
    public int Status { get; set; }

    /// <summary>When the member sent it (unix seconds); absent while not sent.</summary>
    [JsonPropertyName("send_time")]
    public long? SendTime { get; set; }
}

/// <summary><c>externalcontact/get_groupmsg_send_result</c>: what became of the message for each customer of one member.</summary>
public sealed record GroupMessageSendResultRequest(
    [property: JsonPropertyName("msgid")] string MsgId,
    [property: JsonPropertyName("userid")] string UserId)
{
    /// <inheritdoc cref="GroupMessageTaskRequest.MaxLimit"/>
    public const int MaxLimit = 1000;

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }
}

public sealed class GroupMessageSendResultResponse : WeComResponse
{
    /// <summary>Empty or absent on the last page.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }

    [JsonPropertyName("send_list")]
    public IReadOnlyList<GroupMessageSendResult> SendList { get; set; } = [];
}

/// <summary>One customer (or, for <c>group</c> tasks, one chat) of a member's part; <see cref="Status"/> is a <see cref="GroupMessageSendStatus"/>.</summary>
public sealed class GroupMessageSendResult
{
    [JsonPropertyName("external_userid")]
    public string? ExternalUserId { get; set; }

    [JsonPropertyName("chat_id")]
    public string? ChatId { get; set; }

    [JsonPropertyName("userid")]
    public string UserId { get; set; } = string.Empty;

    [JsonPropertyName("status")]
    public int Status { get; set; }

    /// <summary>When it reached the customer (unix seconds); absent while not sent.</summary>
    [JsonPropertyName("send_time")]
    public long? SendTime { get; set; }
}

/// <summary>get_groupmsg_send_result's <c>status</c> of one customer.</summary>
public static class GroupMessageSendStatus
{
    /// <summary>The member has not sent it (yet, or the task was cancelled first).</summary>
    public const int NotSent = 0;

    public const int Sent = 1;

    /// <summary>The customer no longer follows the member (因客户不是好友导致发送失败).</summary>
    public const int NotFriend = 2;

    /// <summary>The customer already got this month's mass messages from the corp (4 a natural month).</summary>
    public const int OverLimit = 3;
}

/// <summary>get_groupmsg_task's <c>status</c> of one member.</summary>
public static class GroupMessageTaskStatus
{
    public const int NotSent = 0;

    /// <summary>Listed by some copies of WeCom's page (已确认): confirmed but not sent yet; read it as not sent.</summary>
    public const int Confirmed = 1;

    public const int Sent = 2;
}

/// <summary>The body of remind_groupmsg_send and cancel_groupmsg_send.</summary>
public sealed record GroupMessageIdRequest([property: JsonPropertyName("msgid")] string MsgId);

/// <summary>
/// <c>externalcontact/get_groupmsg_list_v2</c>: the corp's mass messages created between <see cref="StartTime"/> and
/// <see cref="EndTime"/> (unix seconds, at most one month apart).
/// </summary>
public sealed record GroupMessageListRequest(
    [property: JsonPropertyName("start_time")] long StartTime,
    [property: JsonPropertyName("end_time")] long EndTime)
{
    /// <summary>WeCom's maximum <see cref="Limit"/> (a larger one is taken as the default, 50).</summary>
    public const int MaxLimit = 100;

    [JsonPropertyName("chat_type")]
    public string ChatType { get; init; } = "single";

    /// <summary>Only the messages this member created.</summary>
    [JsonPropertyName("creator")]
    public string? Creator { get; init; }

    /// <summary>0 created by the corp (企业发表), 1 by a member (个人发表), 2 both (WeCom's default).</summary>
    [JsonPropertyName("filter_type")]
    public int? FilterType { get; init; }

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }
}

public sealed class GroupMessageListResponse : WeComResponse
{
    /// <summary>Empty or absent on the last page.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }

    [JsonPropertyName("group_msg_list")]
    public IReadOnlyList<GroupMessageSummary> GroupMessages { get; set; } = [];
}

/// <summary>One mass message of get_groupmsg_list_v2.</summary>
public sealed class GroupMessageSummary
{
    [JsonPropertyName("msgid")]
    public string MsgId { get; set; } = string.Empty;

    /// <summary>The member who created it; for messages the corp created through the API, what WeCom records as creator.</summary>
    [JsonPropertyName("creator")]
    public string? Creator { get; set; }

    /// <summary>Unix seconds; WeCom's sample answers it as a string, so both are read.</summary>
    [JsonPropertyName("create_time")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? CreateTime { get; set; }

    /// <summary>0 created by the corp, 1 by a member.</summary>
    [JsonPropertyName("create_type")]
    public int CreateType { get; set; }

    [JsonPropertyName("text")]
    public WelcomeText? Text { get; set; }

    [JsonPropertyName("attachments")]
    public IReadOnlyList<WelcomeAttachment>? Attachments { get; set; }
}
