using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary><c>externalcontact/get_follow_user_list</c>: the members with customer contact (客户联系) in the app's visible range.</summary>
public sealed class FollowUserListResponse : WeComResponse
{
    [JsonPropertyName("follow_user")]
    public List<string> FollowUsers { get; set; } = [];
}

/// <summary>
/// <c>externalcontact/batch/get_by_user</c>: the customers of up to 100 members, one entry per (customer, member),
/// paged with <c>cursor</c> (empty on the first call) and <c>limit</c> (at most 100; WeCom's default is 50).
/// </summary>
public sealed record CustomersByUserRequest([property: JsonPropertyName("userid_list")] IReadOnlyList<string> UserIds)
{
    /// <summary>WeCom's limit on <see cref="UserIds"/> and on <see cref="Limit"/>.</summary>
    public const int MaxUsers = 100;

    /// <inheritdoc cref="MaxUsers"/>
    public const int MaxLimit = 100;

    [JsonPropertyName("cursor")]
    public string Cursor { get; init; } = string.Empty;

    [JsonPropertyName("limit")]
    public int Limit { get; init; } = MaxLimit;
}

public sealed class CustomersByUserResponse : WeComResponse
{
    [JsonPropertyName("external_contact_list")]
    public List<CustomerOfUser> Customers { get; set; } = [];

    /// <summary>Empty or absent on the last page.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }
}

/// <summary>One customer as one member follows them: <c>follow_info</c> is a single member, not a list.</summary>
public sealed class CustomerOfUser
{
    [JsonPropertyName("external_contact")]
    public ExternalContactInfo ExternalContact { get; set; } = new();

    [JsonPropertyName("follow_info")]
    public FollowInfo FollowInfo { get; set; } = new();
}

/// <summary>
/// A member following a customer: what batch/get_by_user answers as <c>follow_info</c> (corp tags as ids only,
/// <c>tag_id</c>; personal tags not listed), and the base of externalcontact/get's <see cref="FollowUser"/>.
/// </summary>
public class FollowInfo
{
    [JsonPropertyName("userid")]
    public string UserId { get; set; } = string.Empty;

    [JsonPropertyName("remark")]
    public string? Remark { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>When the member added the customer (unix seconds).</summary>
    [JsonPropertyName("createtime")]
    public long CreateTime { get; set; }

    [JsonPropertyName("tag_id")]
    public List<string> TagIds { get; set; } = [];

    [JsonPropertyName("remark_corp_name")]
    public string? RemarkCorpName { get; set; }

    [JsonPropertyName("remark_mobiles")]
    public List<string>? RemarkMobiles { get; set; }

    [JsonPropertyName("oper_userid")]
    public string? OperUserId { get; set; }

    [JsonPropertyName("add_way")]
    public int AddWay { get; set; }

    /// <summary>The <c>state</c> of the add_contact_way the customer came through: the channel.</summary>
    [JsonPropertyName("state")]
    public string? State { get; set; }
}
