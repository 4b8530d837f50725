using System.Text.Json;
using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary><c>externalcontact/get</c>.</summary>
public sealed class ExternalContactResponse : WeComResponse
{
    [JsonPropertyName("external_contact")]
    public ExternalContactInfo? ExternalContact { get; set; }

    [JsonPropertyName("follow_user")]
    public List<FollowUser> FollowUsers { get; set; } = [];

    /// <summary>Set when the customer has more follow users than one page holds.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }
}

public sealed class ExternalContactInfo
{
    [JsonPropertyName("external_userid")]
    public string ExternalUserId { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("position")]
    public string? Position { get; set; }

    [JsonPropertyName("avatar")]
    public string? Avatar { get; set; }

    [JsonPropertyName("corp_name")]
    public string? CorpName { get; set; }

    [JsonPropertyName("corp_full_name")]
    public string? CorpFullName { get; set; }

    /// <summary>1 WeChat user, 2 WeCom user.</summary>
    [JsonPropertyName("type")]
    public int Type { get; set; }

    /// <summary>0 unknown, 1 male, 2 female.</summary>
    [JsonPropertyName("gender")]
    public int Gender { get; set; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; set; }

    /// <summary>Kept raw: its shape varies by customer type.</summary>
    [JsonPropertyName("external_profile")]
    public JsonElement? ExternalProfile { get; set; }
}

/// <summary>A member following the customer, as externalcontact/get answers: <see cref="FollowInfo"/> plus the tags by name.</summary>
public sealed class FollowUser : FollowInfo
{
    /// <summary>Every tag the member put on the customer, by group and name (corp, personal and rule-group tags).</summary>
    [JsonPropertyName("tags")]
    public List<FollowUserTag> Tags { get; set; } = [];

    [JsonPropertyName("wechat_channels")]
    public WeChatChannels? WeChatChannels { get; set; }
}

public sealed class FollowUserTag
{
    [JsonPropertyName("group_name")]
    public string? GroupName { get; set; }

    [JsonPropertyName("tag_name")]
    public string? TagName { get; set; }

    [JsonPropertyName("tag_id")]
    public string? TagId { get; set; }

    /// <summary>1 corp tag, 2 personal tag, 3 rule-group tag.</summary>
    [JsonPropertyName("type")]
    public int Type { get; set; }
}

public sealed class WeChatChannels
{
    [JsonPropertyName("nickname")]
    public string? Nickname { get; set; }

    [JsonPropertyName("source")]
    public int Source { get; set; }
}

/// <summary><c>externalcontact/remark</c>: only the fields given are changed.</summary>
public sealed record RemarkRequest(
    [property: JsonPropertyName("userid")] string UserId,
    [property: JsonPropertyName("external_userid")] string ExternalUserId)
{
    [JsonPropertyName("remark")]
    public string? Remark { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("remark_company")]
    public string? RemarkCompany { get; init; }

    [JsonPropertyName("remark_mobiles")]
    public IReadOnlyList<string>? RemarkMobiles { get; init; }

    [JsonPropertyName("remark_pic_mediaid")]
    public string? RemarkPicMediaId { get; init; }
}
