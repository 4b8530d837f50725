using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>The <c>when</c> part: a condition object, each key one condition, several keys all of them.</summary>
internal sealed partial class RuleSetReader
{
    private static readonly string[] ConditionKeys =
    [
        "event", "state", "statePrefix", "hasState", "channel", "employee", "groupChat", "inGroupChat", "joinScene",
        "stage", "hasTag", "lacksTag", "purchaseCount", "totalSpent", "daysSinceLastPurchase", "daysSinceAdded",
        "daysSinceMembershipChange", "boughtCategory", "membership", "membershipLevel", "timeOfDay", "all", "any", "not",
        "segment",
    ];

    private int _conditionNodes;

    private Condition? ReadCondition(JsonElement element, string path, int depth, ConditionScan scan)
    {
        if (depth > RuleSetLimits.MaxConditionDepth)
        {
            Error(path, $"conditions are nested more than {RuleSetLimits.MaxConditionDepth} levels deep");
            return null;
        }

        if (!IsObject(element, path, "a condition", ConditionKeys))
        {
            return null;
        }

        var parts = new List<Condition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var property in element.EnumerateObject())
        {
            if (!Contains(ConditionKeys, property.Name) || !seen.Add(property.Name))
            {
                ok = false;
                continue;
            }

            if (++_conditionNodes == RuleSetLimits.MaxConditionNodes + 1)
            {
                Error(path, $"the file has more than {RuleSetLimits.MaxConditionNodes} conditions");
            }

            var condition = ReadConditionKey(property.Name, property.Value, At(path, property.Name), depth, scan);
            ok &= condition is not null;
            if (condition is not null)
            {
                parts.Add(condition);
            }
        }

        if (parts.Count == 0 && ok)
        {
            Error(path, "an empty condition matches nothing in particular: give at least one key, e.g. \"event\"");
            return null;
        }

        return !ok ? null : parts.Count == 1 ? parts[0] : new AllCondition([.. parts]);
    }

    private Condition? ReadConditionKey(string key, JsonElement value, string path, int depth, ConditionScan scan)
    {
        switch (key)
        {
            case "event":
                scan.MentionsEvent = true;
                return ReadEventKinds(value, path) is { } mask ? new EventCondition(mask) : null;
            case "all" or "any":
                return ReadChildren(value, path, depth, scan) is { } children
                    ? key == "all" ? new AllCondition(children) : new AnyCondition(children)
                    : null;
            case "not":
                return ReadCondition(value, path, depth + 1, scan) is { } inner ? new NotCondition(inner) : null;
            case "hasState":
                return Bool(value, path) is { } expected ? new HasStateCondition(expected) : null;
            case "statePrefix":
                return Texts(value, path, RuleSetLimits.MaxStringLength, allowNull: false, out _) is { } prefixes
                    ? new StatePrefixCondition([.. prefixes])
                    : null;
            case "state":
                return Values(value, path, ValueField.EventState, allowNull: false);
            case "employee":
                return Values(value, path, ValueField.EventEmployee, allowNull: false);
            case "groupChat":
                return Values(value, path, ValueField.EventChat, allowNull: false);
            case "channel":
                return Values(value, path, ValueField.Channel, allowNull: true);
            case "membership":
                return Values(value, path, ValueField.Membership, allowNull: true);
            case "membershipLevel":
                return Values(value, path, ValueField.MembershipLevel, allowNull: true);
            case "stage":
                return ReadStageCondition(value, path);
            case "inGroupChat":
                return Texts(value, path, RuleSetLimits.MaxStringLength, allowNull: false, out _) is { } chats
                    ? new InGroupChatCondition(new StringSet(chats))
                    : null;
            case "boughtCategory":
                return Texts(value, path, RuleSetLimits.MaxStringLength, allowNull: false, out _) is { } categories
                    ? new BoughtCategoryCondition(new StringSet(categories))
                    : null;
            case "joinScene":
                return ReadJoinScenes(value, path) is { } scenes ? new JoinSceneCondition(scenes) : null;
            case "hasTag" or "lacksTag":
                return ReadTagCondition(value, path) is { } tag ? new TagCondition(tag, key == "hasTag") : null;
            case "purchaseCount":
                return ReadIntRange(value, path, int.MaxValue) is { } count ? new PurchaseCountCondition(count) : null;
            case "totalSpent":
                return ReadDecimalRange(value, path) is { } spent ? new TotalSpentCondition(spent) : null;
            case "daysSinceLastPurchase":
                return DaysSince(value, path, DayCount.LastPurchase, scan);
            case "daysSinceAdded":
                return DaysSince(value, path, DayCount.Added, scan);
            case "daysSinceMembershipChange":
                return DaysSince(value, path, DayCount.MembershipChange, scan);
            case "timeOfDay":
                return ReadTimeOfDay(value, path);
            case "segment":
                return Texts(value, path, RuleSetLimits.MaxIdLength, allowNull: false, out _) is { } segments
                    ? new InSegmentCondition(new StringSet(segments))
                    : null;
            default:
                return null;
        }
    }

    private Condition[]? ReadChildren(JsonElement value, string path, int depth, ConditionScan scan)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be a list of conditions, not {Describe(value)}");
            return null;
        }

        if (!IsListOfSize(value, path))
        {
            return null;
        }

        var children = new List<Condition>();
        var ok = true;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var child = ReadCondition(item, At(path, i++), depth + 1, scan);
            ok &= child is not null;
            if (child is not null)
            {
                children.Add(child);
            }
        }

        return ok ? [.. children] : null;
    }

    private uint? ReadEventKinds(JsonElement value, string path)
    {
        if (Texts(value, path, RuleSetLimits.MaxStringLength, allowNull: false, out _) is not { } names)
        {
            return null;
        }

        var mask = 0u;
        foreach (var name in names)
        {
            if (!AutomationEventKinds.TryParse(name, out var kind))
            {
                Error(path, $"unknown event '{name}' (events: {string.Join(", ", AutomationEventKinds.All.Select(k => k.JsonName()))})");
                return null;
            }

            mask |= kind.Bit();
        }

        return mask;
    }

    private ValueCondition? Values(JsonElement value, string path, ValueField field, bool allowNull)
    {
        if (field == ValueField.EventState && value.ValueKind == JsonValueKind.Null)
        {
            Error(path, "to match customers who came without a state, use \"hasState\": false");
            return null;
        }

        if (Texts(value, path, RuleSetLimits.MaxStringLength, allowNull, out var matchesMissing) is not { } values)
        {
            return null;
        }

        return new ValueCondition(field, new StringSet(values), matchesMissing);
    }

    private ValueCondition? ReadStageCondition(JsonElement value, string path)
    {
        if (Values(value, path, ValueField.Stage, allowNull: true) is not { } condition)
        {
            return null;
        }

        foreach (var stage in Texts(value, path, RuleSetLimits.MaxStringLength, allowNull: true, out _)!)
        {
            if (!_stages.Contains(stage, StringComparer.Ordinal))
            {
                Error(path, UnknownStage(stage));
                return null;
            }
        }

        return condition;
    }

    private int[]? ReadJoinScenes(JsonElement value, string path)
    {
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        if (value.ValueKind == JsonValueKind.Array && !IsListOfSize(value, path))
        {
            return null;
        }

        var scenes = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.Number || !items[i].TryGetInt32(out var scene) || scene < 0)
            {
                Error(value.ValueKind == JsonValueKind.Array ? At(path, i) : path, $"a join scene is a whole number 0 or more (WeCom's JoinScene), not {Describe(items[i])}");
                return null;
            }

            scenes.Add(scene);
        }

        return [.. scenes];
    }

    private TagRef? ReadTagCondition(JsonElement value, string path)
    {
        if (!IsObject(value, path, "a tag", TagKeys))
        {
            return null;
        }

        string? group = null, name = null;
        foreach (var key in TagKeys)
        {
            var at = At(path, key);
            if (!value.TryGetProperty(key, out var part))
            {
                Error(at, $"'{key}' is missing");
                continue;
            }

            var text = TagText(part, at);
            if (text is not null && text.AsSpan().IndexOfAny('{', '}') >= 0)
            {
                Error(at, "placeholders belong in addTags / removeTags; a tag condition names one fixed tag");
                text = null;
            }

            (group, name) = key == "group" ? (text, name) : (group, text);
        }

        return group is null || name is null ? null : new TagRef(group, name);
    }

    private DaysSinceCondition? DaysSince(JsonElement value, string path, DayCount count, ConditionScan scan)
    {
        if (ReadIntRange(value, path, RuleSetLimits.MaxDays) is not { } range)
        {
            return null;
        }

        var condition = new DaysSinceCondition(count, range);
        scan.DayConditions.Add(condition);
        return condition;
    }
}

/// <summary>What reading one rule's condition found out about it.</summary>
internal sealed class ConditionScan
{
    public bool MentionsEvent { get; set; }

    public List<DaysSinceCondition> DayConditions { get; } = [];
}
