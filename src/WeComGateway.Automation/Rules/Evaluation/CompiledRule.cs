namespace WeComGateway.Automation;

/// <summary>One rule, validated and compiled: its condition tree and its actions.</summary>
internal sealed class CompiledRule
{
    public required string Id { get; init; }

    /// <summary>Position in the file; rules run in this order.</summary>
    public required int Index { get; init; }

    public required bool Enabled { get; init; }

    public required Condition When { get; init; }

    /// <summary>An <c>event</c> condition appears anywhere in <see cref="When"/>: the rule is edge-triggered.</summary>
    public required bool MentionsEvent { get; init; }

    public required DaysSinceCondition[] DayConditions { get; init; }

    /// <summary><c>addTags</c> then <c>removeTags</c>, in file order.</summary>
    public required TagAction[] TagActions { get; init; }

    public string? MoveToStage { get; init; }

    /// <summary>The segment this rule enters, with this rule as the reason (shared: the record is immutable).</summary>
    public SegmentEntry? EnterSegment { get; init; }

    public WelcomeChoice? Welcome { get; init; }

    /// <summary>The <c>setRemark</c> text (placeholders unfilled).</summary>
    public string? SetRemark { get; init; }

    /// <summary>The <c>setDescription</c> text (placeholders unfilled).</summary>
    public string? SetDescription { get; init; }

    public uint EventMask => When.EventMask;
}

/// <summary>One entry of <c>addTags</c> (<see cref="Add"/>) or <c>removeTags</c>.</summary>
internal sealed record TagAction(TagTemplate Tag, bool Add);

/// <summary>A tag an action names: literal, or with <c>{state}</c> / <c>{employee}</c> / <c>{channel}</c> in its name.</summary>
internal sealed class TagTemplate
{
    private readonly TagRef? _literal;
    private readonly string _group;
    private readonly PlaceholderText _name;

    public TagTemplate(string group, PlaceholderText name)
    {
        _group = group;
        _name = name;
        _literal = name.IsLiteral ? new TagRef(group, name.Literal) : null;
    }

    /// <summary>
    /// The tag for this evaluation, or null when a placeholder has no value (no tag named ""). Expanded names are
    /// trimmed and cut to <see cref="TagRef.MaxLength"/> characters.
    /// </summary>
    public TagRef? Expand(ref EvaluationContext context)
    {
        if (_literal is not null)
        {
            return _literal;
        }

        var name = _name.Render(new Values(context.Event, context.Facts), requireValues: true)?.Trim();
        name = name is null ? null : Utf8Text.TruncateToChars(name, TagRef.MaxLength).TrimEnd();
        return string.IsNullOrEmpty(name) ? null : new TagRef(_group, name);
    }

    private readonly struct Values(AutomationEvent e, CustomerFacts facts) : IPlaceholderValues
    {
        public string? Get(string name) => name switch
        {
            TagPlaceholders.State => e.State,
            TagPlaceholders.Employee => e.UserId,
            _ => facts.Channel,
        };
    }
}
