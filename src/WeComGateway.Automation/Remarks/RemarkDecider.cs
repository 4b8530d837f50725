namespace WeComGateway.Automation;

/// <summary>
/// The remark part of a decision: binds the placeholders of the last matching <c>setRemark</c> / <c>setDescription</c>
/// against the facts <b>as decided</b> (the stage just moved to, the segments just entered), picks the level, and keeps
/// the result only when its fingerprint differs from the one the facts hold.
/// </summary>
internal static class RemarkDecider
{
    public static AutomationDecision Decide(
        AutomationDecision decision, CompiledRule? remarkRule, CompiledRule? descriptionRule, RemarkSettings settings, RuleSet rules, AutomationEvent e, DateTimeOffset now, ChannelDirectory channels)
    {
        var facts = decision.Next;
        var context = new EvaluationContext(facts, e, now, rules.TimeZone, channels);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Bind(values, RemarkPlaceholders.Level, LevelOf(settings, ref context));
        Bind(values, RemarkPlaceholders.Stage, facts.Stage);
        Bind(values, RemarkPlaceholders.Channel, channels.ByState(facts.Channel)?.Name ?? facts.Channel);
        Bind(values, RemarkPlaceholders.Tags, string.Join('/', facts.Tags.Concat(facts.ManualTags)
            .Where(t => !string.Equals(t.Group, rules.LifecycleTagGroup, StringComparison.Ordinal))
            .Select(t => t.Name)
            .Distinct(StringComparer.Ordinal)));

        var remark = remarkRule?.SetRemark;
        var description = descriptionRule?.SetDescription;
        var key = RemarkIntent.KeyOf(remark, description, settings.Separator, values, facts.FollowUsers);
        if (string.Equals(key, facts.RemarkKey, StringComparison.Ordinal))
        {
            return decision;
        }

        var intent = new RemarkIntent
        {
            Remark = remark,
            Description = description,
            Separator = settings.Separator,
            Values = values,
            RuleIds = [.. new[] { remarkRule?.Id, descriptionRule?.Id }.OfType<string>().Distinct(StringComparer.Ordinal)],
            Key = key,
        };
        return decision with { Next = facts with { RemarkKey = key }, Remark = intent };
    }

    /// <summary>The symbol of the first level whose condition matches; null when none does.</summary>
    private static string? LevelOf(RemarkSettings settings, ref EvaluationContext context)
    {
        foreach (var level in settings.Levels)
        {
            if (level.When.Matches(ref context))
            {
                return level.Symbol;
            }
        }

        return null;
    }

    private static void Bind(Dictionary<string, string> values, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[name] = value;
        }
    }
}
