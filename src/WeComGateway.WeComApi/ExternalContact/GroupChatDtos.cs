using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary><c>externalcontact/groupchat/get</c>; <c>need_name</c> 1 fills <c>member_list[].name</c>.</summary>
public sealed record GroupChatRequest(
    [property: JsonPropertyName("chat_id")] string ChatId,
    [property: JsonPropertyName("need_name")] int NeedName = 0);

public sealed class GroupChatResponse : WeComResponse
{
    [JsonPropertyName("group_chat")]
    public GroupChat? GroupChat { get; set; }
}

public sealed class GroupChat
{
    [JsonPropertyName("chat_id")]
    public string ChatId { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("owner")]
    public string? Owner { get; set; }

    [JsonPropertyName("create_time")]
    public long CreateTime { get; set; }

    [JsonPropertyName("notice")]
    public string? Notice { get; set; }

    [JsonPropertyName("member_list")]
    public List<GroupChatMember> Members { get; set; } = [];

    [JsonPropertyName("admin_list")]
    public List<GroupChatAdmin> Admins { get; set; } = [];

    /// <summary>Changes whenever membership changes: compare with the event's to detect missed updates.</summary>
    [JsonPropertyName("member_version")]
    public string? MemberVersion { get; set; }
}

public sealed class GroupChatMember
{
    [JsonPropertyName("userid")]
    public string UserId { get; set; } = string.Empty;

    /// <summary>1 corp member, 2 external contact.</summary>
    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; set; }

    [JsonPropertyName("join_time")]
    public long JoinTime { get; set; }

    /// <summary>1 invited directly, 2 invited by link, 3 scanned a QR code.</summary>
    [JsonPropertyName("join_scene")]
    public int JoinScene { get; set; }

    [JsonPropertyName("invitor")]
    public GroupChatInvitor? Invitor { get; set; }

    [JsonPropertyName("group_nickname")]
    public string? GroupNickname { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The join way's <c>state</c> when the member joined through one.</summary>
    [JsonPropertyName("state")]
    public string? State { get; set; }
}

public sealed class GroupChatInvitor
{
    [JsonPropertyName("userid")]
    public string? UserId { get; set; }
}

public sealed class GroupChatAdmin
{
    [JsonPropertyName("userid")]
    public string? UserId { get; set; }
}
