using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>The <c>rules</c> part: ids, <c>when</c> (see the conditions part) and <c>then</c> with its tag actions.</summary>
internal sealed partial class RuleSetReader
{
    private static readonly string[] RuleKeys = ["id", "description", "enabled", "when", "then"];
    private static readonly string[] ActionKeys = ["addTags", "removeTags", "moveToStage", "welcome", "enterSegment", "setRemark", "setDescription"];
    private static readonly string[] TagKeys = ["group", "name"];

    private List<CompiledRule> ReadRules(JsonElement root)
    {
        var compiled = new List<CompiledRule>();
        if (!root.TryGetProperty("rules", out var rules))
        {
            Error("rules", "'rules' is missing (an empty list is allowed)");
            return compiled;
        }

        if (rules.ValueKind != JsonValueKind.Array)
        {
            Error("rules", $"must be a list of rules, not {Describe(rules)}");
            return compiled;
        }

        if (rules.GetArrayLength() > RuleSetLimits.MaxRules)
        {
            Error("rules", $"{rules.GetArrayLength()} rules; at most {RuleSetLimits.MaxRules}");
            return compiled;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            var path = At("rules", index);
            _ruleId = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
            if (ReadRule(rule, path, index, ids) is { } read)
            {
                compiled.Add(read);
            }

            _ruleId = null;
            index++;
        }

        return compiled;
    }

    private CompiledRule? ReadRule(JsonElement rule, string path, int index, Dictionary<string, int> ids)
    {
        if (!IsObject(rule, path, "a rule", RuleKeys))
        {
            return null;
        }

        var id = Text(rule, "id", path, RuleSetLimits.MaxIdLength, required: true);
        if (id is not null && !ids.TryAdd(id, index))
        {
            Error(At(path, "id"), $"the rule id '{id}' is used twice (also by rules[{ids[id]}])");
        }

        if (rule.TryGetProperty("description", out var description))
        {
            Text(description, At(path, "description"), RuleSetLimits.MaxDescriptionLength);
        }

        var enabled = !rule.TryGetProperty("enabled", out var enabledValue) || (Bool(enabledValue, At(path, "enabled")) ?? true);

        var scan = new ConditionScan();
        Condition? when = null;
        if (rule.TryGetProperty("when", out var whenValue))
        {
            when = ReadCondition(whenValue, At(path, "when"), 1, scan);
        }
        else
        {
            Error(At(path, "when"), "'when' is missing: say when the rule applies, e.g. { \"event\": \"contact_added\" }");
        }

        var actions = rule.TryGetProperty("then", out var thenValue) ? ReadActions(thenValue, At(path, "then")) : null;
        if (actions is null && !rule.TryGetProperty("then", out _))
        {
            Error(At(path, "then"), "'then' is missing: say what the rule does");
        }

        if (when is not null && when.EventMask == 0)
        {
            Error(At(path, "when"), "the event conditions exclude each other: the rule can never match");
        }
        else if (when is not null && actions?.Welcome is not null && (when.EventMask & AutomationEventKinds.ContactAddedMask) == 0)
        {
            Error(At(path, "then.welcome"), "a welcome message can only be sent for contact_added or contact_half_added, which this rule's event condition excludes");
        }

        if (id is null || when is null || actions is null)
        {
            return null;
        }

        return new CompiledRule
        {
            Id = id,
            Index = index,
            Enabled = enabled,
            When = when,
            MentionsEvent = scan.MentionsEvent,
            DayConditions = [.. scan.DayConditions],
            TagActions = actions.Tags,
            MoveToStage = actions.MoveToStage,
            EnterSegment = actions.EnterSegment is { } segment ? new SegmentEntry(segment, id) : null,
            Welcome = actions.Welcome is { } template ? new WelcomeChoice(template, id) : null,
            SetRemark = actions.SetRemark,
            SetDescription = actions.SetDescription,
        };
    }

    private RuleActions? ReadActions(JsonElement then, string path)
    {
        var errors = _errors.Count;
        if (!IsObject(then, path, "'then'", ActionKeys))
        {
            return null;
        }

        var tags = new List<TagAction>();
        var literals = new Dictionary<TagRef, bool>();
        foreach (var (key, add) in new[] { ("addTags", true), ("removeTags", false) })
        {
            if (then.TryGetProperty(key, out var list))
            {
                ReadTagActions(list, At(path, key), add, tags, literals);
            }
        }

        var moveToStage = Text(then, "moveToStage", path, TagRef.MaxLength, required: false);
        if (moveToStage is not null && !_stages.Contains(moveToStage, StringComparer.Ordinal))
        {
            Error(At(path, "moveToStage"), UnknownStage(moveToStage));
        }

        var welcome = Text(then, "welcome", path, RuleSetLimits.MaxIdLength, required: false);
        if (welcome is not null && !_templateIds.Contains(welcome))
        {
            Error(At(path, "welcome"), UnknownTemplate(welcome));
        }

        var segment = Text(then, "enterSegment", path, RuleSetLimits.MaxIdLength, required: false);
        var remark = ReadRemarkText(then, "setRemark", path, RemarkEdit.MaxRemarkLength);
        var description = ReadRemarkText(then, "setDescription", path, RemarkEdit.MaxDescriptionLength);
        if (tags.Count == 0 && moveToStage is null && welcome is null && segment is null && remark is null && description is null && _errors.Count == errors)
        {
            Error(path, $"'then' does nothing: give at least one of {List(ActionKeys)}");
        }

        return _errors.Count == errors ? new RuleActions([.. tags], moveToStage, welcome, segment, remark, description) : null;
    }

    private void ReadTagActions(JsonElement list, string path, bool add, List<TagAction> tags, Dictionary<TagRef, bool> literals)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be a list of {{ \"group\": …, \"name\": … }}, not {Describe(list)}");
            return;
        }

        var length = list.GetArrayLength();
        if (length is 0 or > RuleSetLimits.MaxTagsPerAction)
        {
            Error(path, $"has {length} tags; give 1 to {RuleSetLimits.MaxTagsPerAction}");
            return;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = At(path, i++);
            if (ReadTagTemplate(item, at) is not { } tag)
            {
                continue;
            }

            if (tag.Literal is { } literal && literals.TryGetValue(literal, out var adds) && adds != add)
            {
                Error(at, $"the tag {literal} is both added and removed by this rule");
            }

            if (tag.Literal is { } known)
            {
                literals[known] = add;
            }

            tags.Add(new TagAction(tag.Template, add));
        }
    }

    /// <summary>A tag to add or remove: a literal group, and a name that may hold <c>{state}</c>, <c>{employee}</c>, <c>{channel}</c>.</summary>
    private (TagTemplate Template, TagRef? Literal)? ReadTagTemplate(JsonElement item, string path)
    {
        if (!IsObject(item, path, "a tag", TagKeys))
        {
            return null;
        }

        var group = item.TryGetProperty("group", out var groupValue) ? TagText(groupValue, At(path, "group")) : MissingTagPart(path, "group");
        if (group is not null && string.Equals(group, _tagGroup, StringComparison.Ordinal))
        {
            Error(At(path, "group"), $"the tag group '{group}' mirrors the lifecycle stage: use moveToStage instead of tagging in it");
            group = null;
        }

        if (!item.TryGetProperty("name", out var nameValue))
        {
            MissingTagPart(path, "name");
            return null;
        }

        var namePath = At(path, "name");
        if (Text(nameValue, namePath, RuleSetLimits.MaxStringLength) is not { } raw)
        {
            return null;
        }

        var problems = new List<string>();
        var name = PlaceholderText.Parse(raw, TagPlaceholders.All, problems);
        foreach (var problem in problems)
        {
            Error(namePath, problem);
        }

        if (name is null || group is null)
        {
            return null;
        }

        if (name.IsLiteral ? !IsTagName(name.Literal, namePath) : name.LiteralLength > TagRef.MaxLength)
        {
            if (!name.IsLiteral)
            {
                Error(namePath, $"the fixed part of the name is longer than {TagRef.MaxLength} characters (WeCom's limit)");
            }

            return null;
        }

        var template = new TagTemplate(group, name);
        return (template, name.IsLiteral ? new TagRef(group, name.Literal) : null);
    }

    private string? MissingTagPart(string path, string key)
    {
        Error(At(path, key), $"'{key}' is missing");
        return null;
    }

    /// <summary>A tag-group or tag name as WeCom accepts it: 1–30 characters, no surrounding spaces.</summary>
    private string? TagText(JsonElement element, string path)
    {
        var text = Text(element, path, TagRef.MaxLength);
        return text is not null && IsTagName(text, path) ? text : null;
    }

    private bool IsTagName(string name, string path)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > TagRef.MaxLength)
        {
            Error(path, $"a tag name must have 1 to {TagRef.MaxLength} characters (WeCom's limit)");
            return false;
        }

        if (!string.Equals(name, name.Trim(), StringComparison.Ordinal))
        {
            Error(path, $"'{name}' has leading or trailing spaces");
            return false;
        }

        return true;
    }

    private sealed record RuleActions(TagAction[] Tags, string? MoveToStage, string? Welcome, string? EnterSegment, string? SetRemark, string? SetDescription);
}
