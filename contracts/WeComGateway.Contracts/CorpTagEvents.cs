namespace WeComGateway.Contracts;

/// <summary><c>change_external_tag/create</c>: a customer tag or tag group was created.</summary>
public sealed record CorpTagCreated : WeComCallbackEvent
{
    /// <summary>The tag id or tag-group id (see <see cref="TagType"/>).</summary>
    public required string Id { get; init; }

    /// <summary><c>tag</c> or <c>tag_group</c>.</summary>
    public string? TagType { get; init; }

    /// <summary>The rule group (规则组) the tag belongs to, when it belongs to one.</summary>
    public string? StrategyId { get; init; }
}

/// <summary><c>change_external_tag/update</c>: a customer tag or tag group was changed.</summary>
public sealed record CorpTagUpdated : WeComCallbackEvent
{
    /// <summary>The tag id or tag-group id (see <see cref="TagType"/>).</summary>
    public required string Id { get; init; }

    /// <summary><c>tag</c> or <c>tag_group</c>.</summary>
    public string? TagType { get; init; }

    /// <summary>The rule group (规则组) the tag belongs to, when it belongs to one.</summary>
    public string? StrategyId { get; init; }
}

/// <summary><c>change_external_tag/delete</c>: a customer tag or tag group was deleted.</summary>
public sealed record CorpTagDeleted : WeComCallbackEvent
{
    /// <summary>The tag id or tag-group id (see <see cref="TagType"/>).</summary>
    public required string Id { get; init; }

    /// <summary><c>tag</c> or <c>tag_group</c>.</summary>
    public string? TagType { get; init; }

    /// <summary>The rule group (规则组) the tag belongs to, when it belongs to one.</summary>
    public string? StrategyId { get; init; }
}

/// <summary><c>change_external_tag/shuffle</c>: customer tags or tag groups were re-ordered.</summary>
public sealed record CorpTagsReordered : WeComCallbackEvent
{
    /// <summary>The tag group whose tags were re-ordered; null when WeCom does not say.</summary>
    public string? Id { get; init; }

    /// <summary><c>tag</c> or <c>tag_group</c>, when sent.</summary>
    public string? TagType { get; init; }

    /// <summary>The rule group (规则组) whose tags were re-ordered, when it is one.</summary>
    public string? StrategyId { get; init; }
}
