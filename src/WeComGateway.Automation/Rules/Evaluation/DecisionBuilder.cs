namespace WeComGateway.Automation;

/// <summary>
/// Collects what matching rules ask for, then nets it against the facts. Lists are created on first use, so an
/// evaluation where nothing matches allocates only the decision.
/// </summary>
internal struct DecisionBuilder
{
    private const int InitialCapacity = 8;

    private List<string>? _matched;
    private List<TagChange>? _tags;
    private List<SegmentEntry>? _segments;
    private string? _stage;
    private string? _stageRule;

    /// <summary>The last matching rule with <c>setRemark</c> (a later rule wins, as for tags).</summary>
    public CompiledRule? RemarkRule { get; private set; }

    /// <summary>The last matching rule with <c>setDescription</c>.</summary>
    public CompiledRule? DescriptionRule { get; private set; }

    public void Apply(CompiledRule rule, ref EvaluationContext context)
    {
        (_matched ??= new(InitialCapacity)).Add(rule.Id);
        foreach (var action in rule.TagActions)
        {
            if (action.Tag.Expand(ref context) is { } tag)
            {
                SetTag(new TagChange(tag, action.Add));
            }
        }

        if (rule.MoveToStage is { } stage && _stage is null)
        {
            _stage = stage;
            _stageRule = rule.Id;
        }

        if (rule.SetRemark is not null)
        {
            RemarkRule = rule;
        }

        if (rule.SetDescription is not null)
        {
            DescriptionRule = rule;
        }

        if (rule.EnterSegment is { } entry && IndexOfSegment(entry.Segment) < 0)
        {
            (_segments ??= new(InitialCapacity)).Add(entry);
        }
    }

    /// <summary>The channel the customer was added through: its tags (none in the lifecycle group, which only stages set).</summary>
    public void ApplyChannel(ChannelInfo channel, string lifecycleTagGroup)
    {
        (_matched ??= new(InitialCapacity)).Add("channel:" + channel.Name);
        foreach (var tag in channel.Tags)
        {
            if (!string.Equals(tag.Group, lifecycleTagGroup, StringComparison.Ordinal))
            {
                SetTag(new TagChange(tag, Add: true));
            }
        }
    }

    public readonly AutomationDecision Build(CustomerFacts facts, AutomationEvent e, RuleSet rules)
    {
        var change = StageChangeFor(facts, e, rules);
        var stage = change?.To ?? facts.Stage;

        List<TagRef>? add = null, remove = null;
        for (var i = 0; i < (_tags?.Count ?? 0); i++)
        {
            var (tag, adds) = _tags![i];
            var present = Contains(facts.Tags, tag);
            if (adds && !present)
            {
                (add ??= []).Add(tag);
            }
            else if (!adds && present)
            {
                (remove ??= []).Add(tag);
            }
        }

        // The lifecycle group holds exactly the current stage's tag (rules cannot touch the group).
        var stageTag = stage is null ? null : rules.StageTag(stage);
        var group = rules.LifecycleTagGroup;
        for (var i = 0; i < facts.Tags.Count; i++)
        {
            var tag = facts.Tags[i];
            if (string.Equals(tag.Group, group, StringComparison.Ordinal) && (stageTag is null || !Same(tag, stageTag)))
            {
                (remove ??= []).Add(tag);
            }
        }

        if (stageTag is not null && !Contains(facts.Tags, stageTag))
        {
            (add ??= []).Add(stageTag);
        }

        List<SegmentEntry>? entered = null;
        for (var i = 0; i < (_segments?.Count ?? 0); i++)
        {
            if (!Contains(facts.Segments, _segments![i].Segment))
            {
                (entered ??= []).Add(_segments[i]);
            }
        }

        List<string>? left = null;
        for (var i = 0; i < facts.Segments.Count; i++)
        {
            var segment = facts.Segments[i];
            if (rules.IsLevelTriggered(segment) && IndexOfSegment(segment) < 0)
            {
                (left ??= []).Add(segment);
            }
        }

        var next = change is null && add is null && remove is null && entered is null && left is null
            ? facts
            : facts with
            {
                Stage = stage,
                Tags = add is null && remove is null ? facts.Tags : Merge(facts.Tags, remove, add),
                ManualTags = add is null || facts.ManualTags.Count == 0 ? facts.ManualTags : Merge(facts.ManualTags, add, null), // applied now: the gateway's
                Segments = entered is null && left is null ? facts.Segments : Merge(facts.Segments, left, entered?.ConvertAll(s => s.Segment)),
            };

        return new AutomationDecision
        {
            Next = next,
            AddTags = add ?? (IReadOnlyList<TagRef>)[],
            RemoveTags = remove ?? (IReadOnlyList<TagRef>)[],
            StageChange = change,
            SegmentsEntered = entered ?? (IReadOnlyList<SegmentEntry>)[],
            SegmentsLeft = left ?? (IReadOnlyList<string>)[],
            MatchedRuleIds = _matched ?? (IReadOnlyList<string>)[],
            CustomerLost = change?.Reason == StageChange.CustomerLostReason,
        };
    }

    /// <summary>
    /// The customer deleting their last employee moves them to the lost stage whatever the rules say; otherwise the
    /// first matching <c>moveToStage</c>. Moving to the current stage is no change.
    /// </summary>
    private readonly StageChange? StageChangeFor(CustomerFacts facts, AutomationEvent e, RuleSet rules)
    {
        var (target, reason) = e.Kind == AutomationEventKind.ContactDeletedByCustomer && facts.Lost
            ? (rules.LostStage, StageChange.CustomerLostReason)
            : (_stage, _stageRule);
        return target is null || reason is null || string.Equals(target, facts.Stage, StringComparison.Ordinal)
            ? null
            : new StageChange(facts.Stage, target, reason);
    }

    /// <summary>A later rule overrides an earlier one for the same tag (add wins over remove and back).</summary>
    private void SetTag(TagChange change)
    {
        _tags ??= new(InitialCapacity);
        for (var i = 0; i < _tags.Count; i++)
        {
            if (Same(_tags[i].Tag, change.Tag))
            {
                _tags[i] = change;
                return;
            }
        }

        _tags.Add(change);
    }

    private readonly int IndexOfSegment(string segment)
    {
        for (var i = 0; i < (_segments?.Count ?? 0); i++)
        {
            if (string.Equals(_segments![i].Segment, segment, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Contains(IReadOnlyList<TagRef> tags, TagRef tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (Same(tags[i], tag))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="TagRef"/> equality without the record's equality-contract and comparer indirections.</summary>
    private static bool Same(TagRef a, TagRef b) =>
        ReferenceEquals(a, b) ||
        (string.Equals(a.Name, b.Name, StringComparison.Ordinal) && string.Equals(a.Group, b.Group, StringComparison.Ordinal));

    private readonly record struct TagChange(TagRef Tag, bool Add);

    private static T[] Merge<T>(IReadOnlyList<T> current, List<T>? remove, List<T>? add)
        where T : IEquatable<T>
    {
        var merged = new List<T>(current.Count + (add?.Count ?? 0));
        for (var i = 0; i < current.Count; i++)
        {
            if (remove is null || !remove.Contains(current[i]))
            {
                merged.Add(current[i]);
            }
        }

        if (add is not null)
        {
            merged.AddRange(add);
        }

        return [.. merged];
    }
}
