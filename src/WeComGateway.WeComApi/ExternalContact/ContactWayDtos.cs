using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/add_contact_way</c> (联系我). <see cref="Type"/> 1 single member (exactly one <c>user</c>),
/// 2 several; <see cref="Scene"/> 1 mini-program button, 2 QR code. <c>state</c> (≤ 30 chars) is the channel key.
/// </summary>
public sealed record AddContactWayRequest(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("scene")] int Scene)
{
    [JsonPropertyName("style")]
    public int? Style { get; init; }

    [JsonPropertyName("remark")]
    public string? Remark { get; init; }

    /// <summary>WeCom's default: true.</summary>
    [JsonPropertyName("skip_verify")]
    public bool? SkipVerify { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("user")]
    public IReadOnlyList<string>? User { get; init; }

    [JsonPropertyName("party")]
    public IReadOnlyList<long>? Party { get; init; }

    [JsonPropertyName("is_temp")]
    public bool? IsTemp { get; init; }

    /// <summary>Temporary QR validity in seconds (default 7 days, max 14).</summary>
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    /// <summary>Temporary chat validity in seconds (default 24 h, max 14 days).</summary>
    [JsonPropertyName("chat_expires_in")]
    public int? ChatExpiresIn { get; init; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; init; }

    [JsonPropertyName("is_exclusive")]
    public bool? IsExclusive { get; init; }

    /// <summary>Closing message of a temporary session.</summary>
    [JsonPropertyName("conclusions")]
    public ContactWayConclusions? Conclusions { get; init; }
}

public sealed record ContactWayConclusions
{
    [JsonPropertyName("text")]
    public WelcomeText? Text { get; init; }

    [JsonPropertyName("image")]
    public ImageAttachment? Image { get; init; }

    [JsonPropertyName("link")]
    public LinkAttachment? Link { get; init; }

    [JsonPropertyName("miniprogram")]
    public MiniProgramAttachment? MiniProgram { get; init; }
}

public sealed class AddContactWayResponse : WeComResponse
{
    [JsonPropertyName("config_id")]
    public string? ConfigId { get; set; }

    [JsonPropertyName("qr_code")]
    public string? QrCode { get; set; }
}

/// <summary><c>get_contact_way</c> and <c>del_contact_way</c>.</summary>
public sealed record ContactWayIdRequest([property: JsonPropertyName("config_id")] string ConfigId);

public sealed class GetContactWayResponse : WeComResponse
{
    [JsonPropertyName("contact_way")]
    public ContactWay? ContactWay { get; set; }
}

public sealed class ContactWay
{
    [JsonPropertyName("config_id")]
    public string ConfigId { get; set; } = string.Empty;

    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("scene")]
    public int Scene { get; set; }

    [JsonPropertyName("style")]
    public int? Style { get; set; }

    [JsonPropertyName("remark")]
    public string? Remark { get; set; }

    [JsonPropertyName("skip_verify")]
    public bool SkipVerify { get; set; }

    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("qr_code")]
    public string? QrCode { get; set; }

    [JsonPropertyName("user")]
    public List<string> User { get; set; } = [];

    [JsonPropertyName("party")]
    public List<long> Party { get; set; } = [];

    [JsonPropertyName("is_temp")]
    public bool IsTemp { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    [JsonPropertyName("chat_expires_in")]
    public int? ChatExpiresIn { get; set; }

    [JsonPropertyName("unionid")]
    public string? UnionId { get; set; }

    [JsonPropertyName("is_exclusive")]
    public bool? IsExclusive { get; set; }

    [JsonPropertyName("conclusions")]
    public ContactWayConclusions? Conclusions { get; set; }
}

/// <summary>
/// <c>externalcontact/update_contact_way</c>: only the fields sent change (a list sent replaces the old one).
/// <c>state</c> may change too; the gateway keeps it (its statistics count by it).
/// </summary>
public sealed record UpdateContactWayRequest([property: JsonPropertyName("config_id")] string ConfigId)
{
    [JsonPropertyName("remark")]
    public string? Remark { get; init; }

    [JsonPropertyName("skip_verify")]
    public bool? SkipVerify { get; init; }

    [JsonPropertyName("style")]
    public int? Style { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("user")]
    public IReadOnlyList<string>? User { get; init; }

    [JsonPropertyName("party")]
    public IReadOnlyList<long>? Party { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("chat_expires_in")]
    public int? ChatExpiresIn { get; init; }
}

/// <summary>
/// <c>externalcontact/list_contact_way</c>: the contact ways created through the API, <c>limit</c> (≤ 1000, default
/// 100) at a time; <c>start_time</c> / <c>end_time</c> (unix seconds) filter by creation time.
/// </summary>
public sealed record ListContactWayRequest
{
    [JsonPropertyName("start_time")]
    public long? StartTime { get; init; }

    [JsonPropertyName("end_time")]
    public long? EndTime { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }
}

public sealed class ListContactWayResponse : WeComResponse
{
    [JsonPropertyName("contact_way")]
    public List<ContactWayIdRequest> ContactWay { get; set; } = [];

    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; set; }
}
