namespace WeComGateway.Automation;

/// <summary>The single values conditions compare: the event's state / employee / chat, the customer's stage / channel / membership.</summary>
internal enum ValueField
{
    EventState,
    EventEmployee,
    EventChat,
    Stage,
    Channel,
    Membership,
    MembershipLevel,
}

/// <summary>
/// <c>state</c>, <c>employee</c>, <c>groupChat</c>, <c>stage</c>, <c>channel</c>, <c>membership</c>,
/// <c>membershipLevel</c>: the value is one of a set, or missing when <c>null</c> was listed. A state (<c>state</c>,
/// <c>channel</c>) matches by its channel's name as well (<see cref="ChannelDirectory"/>).
/// </summary>
internal sealed class ValueCondition(ValueField field, StringSet values, bool matchesMissing) : Condition
{
    public override bool Matches(ref EvaluationContext context)
    {
        var value = field switch
        {
            ValueField.EventState => context.Event.State,
            ValueField.EventEmployee => context.Event.UserId,
            ValueField.EventChat => context.Event.ChatId,
            ValueField.Stage => context.Facts.Stage,
            ValueField.Channel => context.Facts.Channel,
            ValueField.Membership => context.Facts.Membership,
            _ => context.Facts.MembershipLevel,
        };
        if (string.IsNullOrEmpty(value))
        {
            return matchesMissing;
        }

        // A state (the event's, or the customer's first) also matches by the name of its channel.
        return values.Contains(value)
            || (field is ValueField.EventState or ValueField.Channel && context.Channels.ByState(value) is { } channel && values.Contains(channel.Name));
    }
}

/// <summary><c>statePrefix</c>: the event's state starts with one of the prefixes (ordinal).</summary>
internal sealed class StatePrefixCondition(string[] prefixes) : Condition
{
    public override bool Matches(ref EvaluationContext context)
    {
        if (context.Event.State is not { Length: > 0 } state)
        {
            return false;
        }

        foreach (var prefix in prefixes)
        {
            if (state.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>hasState</c>.</summary>
internal sealed class HasStateCondition(bool expected) : Condition
{
    public override bool Matches(ref EvaluationContext context) => !string.IsNullOrEmpty(context.Event.State) == expected;
}

/// <summary><c>joinScene</c>.</summary>
internal sealed class JoinSceneCondition(int[] scenes) : Condition
{
    public override bool Matches(ref EvaluationContext context) =>
        context.Event.JoinScene is { } scene && Array.IndexOf(scenes, scene) >= 0;
}

/// <summary><c>inGroupChat</c>: the customer is in one of the chats.</summary>
internal sealed class InGroupChatCondition(StringSet chats) : Condition
{
    public override bool Matches(ref EvaluationContext context) => chats.ContainsAny(context.Facts.GroupChats);
}

/// <summary><c>boughtCategory</c>: this purchase or an earlier one had one of the categories.</summary>
internal sealed class BoughtCategoryCondition(StringSet categories) : Condition
{
    public override bool Matches(ref EvaluationContext context) =>
        categories.ContainsAny(context.Event.Categories) || categories.ContainsAny(context.Facts.PurchasedCategories);
}

/// <summary>
/// <c>hasTag</c> (<paramref name="expected"/> true) and <c>lacksTag</c>: among the tags the gateway applied and the
/// ones WeCom had on the customer besides (set by hand) when it was last read.
/// </summary>
internal sealed class TagCondition(TagRef tag, bool expected) : Condition
{
    public override bool Matches(ref EvaluationContext context) =>
        Holds(context.Facts.Tags) || Holds(context.Facts.ManualTags) ? expected : !expected;

    private bool Holds(IReadOnlyList<TagRef> tags)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i].Name, tag.Name, StringComparison.Ordinal) &&
                string.Equals(tags[i].Group, tag.Group, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>segment</c>: the customer is in one of the segments (in a rule: as before this event's rules ran; in a remark level: after; in a campaign audience: as stored).</summary>
internal sealed class InSegmentCondition(StringSet segments) : Condition
{
    public override bool Matches(ref EvaluationContext context) => segments.ContainsAny(context.Facts.Segments);
}
