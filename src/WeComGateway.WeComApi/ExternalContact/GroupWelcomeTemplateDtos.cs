using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary>
/// <c>externalcontact/group_welcome_template/add</c> and <c>edit</c> (入群欢迎语素材): text (≤ 4000 bytes) and at most
/// one of image, link, mini-program, file, video; not all empty. <see cref="Notify"/> 1 (WeCom's default) tells the
/// members. The corp's library holds at most 100 templates.
/// </summary>
public sealed record GroupWelcomeTemplateRequest
{
    /// <summary>Only for edit.</summary>
    [JsonPropertyName("template_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TemplateId { get; init; }

    [JsonPropertyName("text")]
    public WelcomeText? Text { get; init; }

    [JsonPropertyName("image")]
    public ImageAttachment? Image { get; init; }

    [JsonPropertyName("link")]
    public LinkAttachment? Link { get; init; }

    [JsonPropertyName("miniprogram")]
    public MiniProgramAttachment? MiniProgram { get; init; }

    [JsonPropertyName("file")]
    public MediaAttachment? File { get; init; }

    [JsonPropertyName("video")]
    public MediaAttachment? Video { get; init; }

    /// <summary>The installed app's agent id: only old multi-app suites need it.</summary>
    [JsonPropertyName("agentid")]
    public long? AgentId { get; init; }

    /// <summary>Add only: 0 do not notify the members, 1 notify (default).</summary>
    [JsonPropertyName("notify")]
    public int? Notify { get; init; }
}

public sealed class AddGroupWelcomeTemplateResponse : WeComResponse
{
    [JsonPropertyName("template_id")]
    public string? TemplateId { get; set; }
}

/// <summary><c>get</c> and <c>del</c>.</summary>
public sealed record GroupWelcomeTemplateIdRequest([property: JsonPropertyName("template_id")] string TemplateId)
{
    [JsonPropertyName("agentid")]
    public long? AgentId { get; init; }
}

public sealed class GetGroupWelcomeTemplateResponse : WeComResponse
{
    [JsonPropertyName("text")]
    public WelcomeText? Text { get; set; }

    [JsonPropertyName("image")]
    public ImageAttachment? Image { get; set; }

    [JsonPropertyName("link")]
    public LinkAttachment? Link { get; set; }

    [JsonPropertyName("miniprogram")]
    public MiniProgramAttachment? MiniProgram { get; set; }

    [JsonPropertyName("file")]
    public MediaAttachment? File { get; set; }

    [JsonPropertyName("video")]
    public MediaAttachment? Video { get; set; }
}
