using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.ExternalContact;

/// <summary><c>externalcontact/mark_tag</c>: tag ids from the corp tag list.</summary>
public sealed record MarkTagRequest(
    [property: JsonPropertyName("userid")] string UserId,
    [property: JsonPropertyName("external_userid")] string ExternalUserId)
{
    [JsonPropertyName("add_tag")]
    public IReadOnlyList<string>? AddTag { get; init; }

    [JsonPropertyName("remove_tag")]
    public IReadOnlyList<string>? RemoveTag { get; init; }
}

/// <summary><c>externalcontact/get_corp_tag_list</c>: both lists empty = all; <c>group_id</c> wins over <c>tag_id</c>.</summary>
public sealed record CorpTagListRequest
{
    [JsonPropertyName("tag_id")]
    public IReadOnlyList<string>? TagId { get; init; }

    [JsonPropertyName("group_id")]
    public IReadOnlyList<string>? GroupId { get; init; }
}

public sealed class CorpTagListResponse : WeComResponse
{
    [JsonPropertyName("tag_group")]
    public List<CorpTagGroup> TagGroups { get; set; } = [];
}

public sealed class CorpTagGroup
{
    [JsonPropertyName("group_id")]
    public string GroupId { get; set; } = string.Empty;

    [JsonPropertyName("group_name")]
    public string? GroupName { get; set; }

    [JsonPropertyName("create_time")]
    public long CreateTime { get; set; }

    /// <summary>Larger sorts first.</summary>
    [JsonPropertyName("order")]
    public long Order { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }

    [JsonPropertyName("tag")]
    public List<CorpTag> Tags { get; set; } = [];
}

public sealed class CorpTag
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("create_time")]
    public long CreateTime { get; set; }

    [JsonPropertyName("order")]
    public long Order { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }
}

/// <summary><c>externalcontact/add_corp_tag</c>: into <c>group_id</c>, or a group named <c>group_name</c> (created if missing).</summary>
public sealed record AddCorpTagRequest([property: JsonPropertyName("tag")] IReadOnlyList<NewCorpTag> Tag)
{
    [JsonPropertyName("group_id")]
    public string? GroupId { get; init; }

    [JsonPropertyName("group_name")]
    public string? GroupName { get; init; }

    /// <summary>Order of a new group.</summary>
    [JsonPropertyName("order")]
    public long? Order { get; init; }

    /// <summary>Only for legacy multi-app suites.</summary>
    [JsonPropertyName("agentid")]
    public long? AgentId { get; init; }
}

public sealed record NewCorpTag([property: JsonPropertyName("name")] string Name)
{
    [JsonPropertyName("order")]
    public long? Order { get; init; }
}

public sealed class AddCorpTagResponse : WeComResponse
{
    [JsonPropertyName("tag_group")]
    public CorpTagGroup? TagGroup { get; set; }
}
