using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/groupchat/add_join_way</c> and <c>update_join_way</c> (加入群聊, 群活码). <see cref="Scene"/> 1
/// mini-program plug-in, 2 QR code; 1–5 chats; <c>state</c> ≤ 30 UTF-8 characters (given back by groupchat/get as
/// <c>member_list[].state</c>, not by the join event); with <see cref="AutoCreateRoom"/> 1 WeCom opens a new group named
/// <see cref="RoomBaseName"/> + a number from <see cref="RoomBaseId"/> on when the chats are full.
/// </summary>
public sealed record JoinWayRequest(
    [property: JsonPropertyName("scene")] int Scene,
    [property: JsonPropertyName("chat_id_list")] IReadOnlyList<string> ChatIds)
{
    /// <summary>Only for update_join_way.</summary>
    [JsonPropertyName("config_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConfigId { get; init; }

    /// <summary>≤ 30 characters (WeCom truncates longer ones).</summary>
    [JsonPropertyName("remark")]
    public string? Remark { get; init; }

    /// <summary>0 no, 1 yes.</summary>
    [JsonPropertyName("auto_create_room")]
    public int? AutoCreateRoom { get; init; }

    /// <summary>≤ 40 characters; only with <see cref="AutoCreateRoom"/> 1.</summary>
    [JsonPropertyName("room_base_name")]
    public string? RoomBaseName { get; init; }

    [JsonPropertyName("room_base_id")]
    public int? RoomBaseId { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }
}

public sealed class AddJoinWayResponse : WeComResponse
{
    [JsonPropertyName("config_id")]
    public string? ConfigId { get; set; }
}

/// <summary><c>get_join_way</c> and <c>del_join_way</c>.</summary>
public sealed record JoinWayIdRequest([property: JsonPropertyName("config_id")] string ConfigId);

public sealed class GetJoinWayResponse : WeComResponse
{
    [JsonPropertyName("join_way")]
    public JoinWay? JoinWay { get; set; }
}

public sealed class JoinWay
{
    [JsonPropertyName("config_id")]
    public string ConfigId { get; set; } = string.Empty;

    [JsonPropertyName("scene")]
    public int Scene { get; set; }

    [JsonPropertyName("remark")]
    public string? Remark { get; set; }

    [JsonPropertyName("auto_create_room")]
    public int AutoCreateRoom { get; set; }

    [JsonPropertyName("room_base_name")]
    public string? RoomBaseName { get; set; }

    [JsonPropertyName("room_base_id")]
    public int? RoomBaseId { get; set; }

    [JsonPropertyName("chat_id_list")]
    public List<string> ChatIds { get; set; } = [];

    /// <summary>Scene 2 only.</summary>
    [JsonPropertyName("qr_code")]
    public string? QrCode { get; set; }

    [JsonPropertyName("state")]
    public string? State { get; set; }
}
