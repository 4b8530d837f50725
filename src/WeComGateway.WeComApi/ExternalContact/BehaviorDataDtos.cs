using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/get_user_behavior_data</c> (联系客户统计): one entry per day of the range (unix seconds,
/// at most 30 days, within the last 180), summed over the members in <c>userid</c> — ask for one member to get theirs.
/// </summary>
public sealed record UserBehaviorDataRequest(
    [property: JsonPropertyName("userid")] IReadOnlyList<string> UserIds,
    [property: JsonPropertyName("start_time")] long StartTime,
    [property: JsonPropertyName("end_time")] long EndTime);

public sealed class UserBehaviorDataResponse : WeComResponse
{
    [JsonPropertyName("behavior_data")]
    public List<UserBehaviorData> BehaviorData { get; set; } = [];
}

public sealed class UserBehaviorData
{
    /// <summary>The day: its 00:00 (China time) as unix seconds.</summary>
    [JsonPropertyName("stat_time")]
    public long StatTime { get; set; }

    /// <summary>新增客户数: customers the member newly added.</summary>
    [JsonPropertyName("new_contact_cnt")]
    public long NewContactCount { get; set; }

    /// <summary>删除/拉黑成员的客户数: customers who deleted or blocked the member.</summary>
    [JsonPropertyName("negative_feedback_cnt")]
    public long NegativeFeedbackCount { get; set; }

    /// <summary>Friend requests the member sent.</summary>
    [JsonPropertyName("new_apply_cnt")]
    public long NewApplyCount { get; set; }

    [JsonPropertyName("chat_cnt")]
    public long ChatCount { get; set; }

    [JsonPropertyName("message_cnt")]
    public long MessageCount { get; set; }
}
