using System.Collections.Frozen;

namespace WeComGateway.Automation;

/// <summary>
/// An enterprise's automation rules, validated and compiled: tagging, lifecycle stages, segments and welcome
/// selection. Immutable and thread-safe; evaluation is pure (the caller passes "now"). See the project README for
/// the file format.
/// </summary>
public sealed class RuleSet
{
    private const string DefaultResourceName = "WeComGateway.Automation.default-rules.json";

    private static readonly Lazy<RuleSet> DefaultRuleSet = new(LoadDefault);

    private readonly CompiledRule[][] _rulesByKind;
    private readonly CompiledRule[][] _welcomeRulesByKind;
    private readonly DaysSinceCondition[] _reevaluationConditions;
    private readonly FrozenSet<string> _levelTriggeredSegments;
    private readonly FrozenDictionary<string, WelcomeTemplate> _templates;
    private readonly FrozenDictionary<string, TagRef> _stageTags;
    private readonly WelcomeChoice? _defaultWelcome;
    private readonly RemarkSettings _remarks;

    internal RuleSet(RuleSetDefinition definition, IReadOnlyList<CompiledRule> rules)
    {
        Name = definition.Name;
        ContentHash = definition.ContentHash;
        Stages = definition.Stages;
        LifecycleTagGroup = definition.LifecycleTagGroup;
        LostStage = definition.LostStage;
        TimeZone = definition.TimeZone;
        WelcomeTemplates = definition.WelcomeTemplates;
        DefaultWelcomeTemplateId = definition.DefaultWelcomeTemplateId;
        RuleIds = rules.Select(r => r.Id).ToArray();

        var enabled = rules.Where(r => r.Enabled).ToArray();
        _rulesByKind = new CompiledRule[AutomationEventKinds.Count][];
        _welcomeRulesByKind = new CompiledRule[AutomationEventKinds.Count][];
        foreach (var kind in AutomationEventKinds.All)
        {
            _rulesByKind[(int)kind] = enabled.Where(r => (r.EventMask & kind.Bit()) != 0).ToArray();
            _welcomeRulesByKind[(int)kind] = _rulesByKind[(int)kind].Where(r => r.Welcome is not null).ToArray();
        }

        // Only rules a scheduled evaluation runs can flip on the passing of time alone.
        _reevaluationConditions = _rulesByKind[(int)AutomationEventKind.Scheduled].SelectMany(r => r.DayConditions).ToArray();
        DependsOnTime = enabled.Any(r => r.DayConditions.Length > 0);

        _levelTriggeredSegments = enabled
            .Where(r => r.EnterSegment is not null)
            .GroupBy(r => r.EnterSegment!.Segment, StringComparer.Ordinal)
            .Where(g => g.All(r => !r.MentionsEvent))
            .Select(g => g.Key)
            .ToFrozenSet(StringComparer.Ordinal);
        LevelTriggeredSegments = [.. _levelTriggeredSegments.Order(StringComparer.Ordinal)];

        _templates = WelcomeTemplates.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        _stageTags = Stages.ToFrozenDictionary(s => s, s => new TagRef(LifecycleTagGroup, s), StringComparer.Ordinal);
        _defaultWelcome = DefaultWelcomeTemplateId is { } id ? new WelcomeChoice(id, null) : null;
        _remarks = definition.Remarks;
        RemarkSeparator = _remarks.Separator;
    }

    /// <summary>What follows it in a remark or description is the employee's own text (the rule file's <c>remarks.separator</c>, default <c>|</c>).</summary>
    public string RemarkSeparator { get; }

    /// <summary>The shipped rule set (<c>Rules/default-rules.json</c>): channel tag, first stage, default welcome.</summary>
    public static RuleSet Default => DefaultRuleSet.Value;

    public string Name { get; }

    /// <summary>Lower-case hex SHA-256 of the JSON text (UTF-8): tells two versions of a file apart in logs.</summary>
    public string ContentHash { get; }

    /// <summary>Lifecycle stages in order; by default 新客户, 初步沟通, 意向客户, 成交, 无意向.</summary>
    public IReadOnlyList<string> Stages { get; }

    /// <summary>The tag group that mirrors the stage (default 客户阶段); rules cannot tag in it directly.</summary>
    public string LifecycleTagGroup { get; }

    /// <summary>Where a customer who deleted their last employee goes (default 无意向); one of <see cref="Stages"/>.</summary>
    public string LostStage { get; }

    /// <summary>For <c>timeOfDay</c> and for counting days (default Asia/Shanghai).</summary>
    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyList<WelcomeTemplate> WelcomeTemplates { get; }

    /// <summary>The template sent when no welcome rule matches; null sends none.</summary>
    public string? DefaultWelcomeTemplateId { get; }

    /// <summary>Rule ids in file order, disabled rules included.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>
    /// Segments every entering rule of which has no <c>event</c> condition: a customer leaves them when the rules stop
    /// matching. Other segments, once entered, are kept.
    /// </summary>
    public IReadOnlyList<string> LevelTriggeredSegments { get; }

    /// <summary>
    /// A rule uses <c>daysSinceLastPurchase</c>, <c>daysSinceAdded</c> or <c>daysSinceMembershipChange</c>: results
    /// change with the passing of time, so customers need scheduled re-evaluation (see <see cref="NextReevaluation"/>).
    /// </summary>
    public bool DependsOnTime { get; }

    /// <summary>Reads, validates and compiles a rule file; refuses it whole with every error found.</summary>
    /// <exception cref="RuleSetException">The file is not valid; <see cref="RuleSetException.Errors"/> names each problem.</exception>
    public static RuleSet Parse(string json) => RuleSetReader.Read(json);

    public WelcomeTemplate? FindWelcomeTemplate(string id) => _templates.GetValueOrDefault(id);

    /// <summary>
    /// Runs the rules for <paramref name="e"/> against <paramref name="facts"/> — the facts <b>after</b>
    /// <see cref="CustomerFactsUpdater.Apply"/>. Rules run in file order and every matching rule's actions apply: tags
    /// accumulate (the later rule wins for one tag), the first <c>moveToStage</c> wins, segments are entered once.
    /// </summary>
    /// <param name="channels">
    /// The corp's channels (null: none). A rule's <c>state</c> / <c>channel</c> value matches a state by its channel's
    /// name too, and an add (contact_added / contact_half_added) through a channel gets the channel's tags before the
    /// rules run (recorded as matched rule <c>channel:{name}</c>; a later rule may remove them).
    /// </param>
    public AutomationDecision Evaluate(CustomerFacts facts, AutomationEvent e, DateTimeOffset now, ChannelDirectory? channels = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(e);
        channels ??= ChannelDirectory.Empty;
        var context = new EvaluationContext(facts, e, now, TimeZone, channels);
        var decision = default(DecisionBuilder);
        if ((e.Kind.Bit() & AutomationEventKinds.ContactAddedMask) != 0 && channels.ByState(e.State) is { } channel)
        {
            decision.ApplyChannel(channel, LifecycleTagGroup);
        }

        foreach (var rule in _rulesByKind[(int)e.Kind])
        {
            if (rule.When.Matches(ref context))
            {
                decision.Apply(rule, ref context);
            }
        }

        var built = decision.Build(facts, e, this);
        return decision.RemarkRule is null && decision.DescriptionRule is null
            ? built
            : RemarkDecider.Decide(built, decision.RemarkRule, decision.DescriptionRule, _remarks, this, e, now, channels);
    }

    /// <summary>
    /// The welcome message for a customer who just added an employee: the first matching rule with a
    /// <c>welcome</c> action, else the welcome template of the channel the customer came through (when this rule set
    /// has it; rule id <c>channel:{name}</c>), else the default welcome, else none. Null for events other than
    /// contact_added and contact_half_added.
    /// </summary>
    public WelcomeChoice? ChooseWelcome(CustomerFacts facts, AutomationEvent e, DateTimeOffset now, ChannelDirectory? channels = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(e);
        if ((e.Kind.Bit() & AutomationEventKinds.ContactAddedMask) == 0)
        {
            return null;
        }

        channels ??= ChannelDirectory.Empty;
        var context = new EvaluationContext(facts, e, now, TimeZone, channels);
        foreach (var rule in _welcomeRulesByKind[(int)e.Kind])
        {
            if (rule.When.Matches(ref context))
            {
                return rule.Welcome;
            }
        }

        if (channels.ByState(e.State) is { WelcomeTemplateId: { } templateId } channel && _templates.ContainsKey(templateId))
        {
            return new WelcomeChoice(templateId, "channel:" + channel.Name);
        }

        return _defaultWelcome;
    }

    /// <summary>
    /// The earliest instant after <paramref name="now"/> at which a day-count condition of a rule that a scheduled
    /// evaluation runs changes its result for this customer — the start of the local day (in <see cref="TimeZone"/>)
    /// on which the count crosses a threshold. Null when none will: no such rule, the customer lacks the dates, or
    /// every threshold is behind. <c>timeOfDay</c> is not considered (it is meant for events, not for re-evaluation).
    /// </summary>
    public DateTimeOffset? NextReevaluation(CustomerFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (_reevaluationConditions.Length == 0)
        {
            return null;
        }

        var today = LocalDays.DayNumber(now, TimeZone);
        int? lastPurchase = DayOf(facts.LastPurchaseAt), added = DayOf(facts.AddedAt), membership = DayOf(facts.MembershipChangedAt);
        long? earliestDay = null;
        foreach (var condition in _reevaluationConditions)
        {
            var from = condition.Count switch
            {
                DayCount.LastPurchase => lastPurchase,
                DayCount.Added => added,
                _ => membership,
            };
            if (from is { } start && condition.NextFlip(today - start) is { } days && start + days < (earliestDay ?? long.MaxValue))
            {
                earliestDay = start + days;
            }
        }

        return earliestDay is { } day && day <= DateOnly.MaxValue.DayNumber ? LocalDays.StartOfDay((int)day, TimeZone) : null;
    }

    /// <summary>The tag (in <see cref="LifecycleTagGroup"/>) that marks a customer in <paramref name="stage"/>.</summary>
    public TagRef StageTag(string stage) => _stageTags.GetValueOrDefault(stage) ?? new TagRef(LifecycleTagGroup, stage);

    internal bool IsLevelTriggered(string segment) => _levelTriggeredSegments.Contains(segment);

    private int? DayOf(DateTimeOffset? instant) => instant is { } value ? LocalDays.DayNumber(value, TimeZone) : null;

    private static RuleSet LoadDefault()
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {DefaultResourceName} is missing from {typeof(RuleSet).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

/// <summary>The rule file's settings, as validated, before its rules are indexed.</summary>
internal sealed record RuleSetDefinition(
    string Name,
    string ContentHash,
    IReadOnlyList<string> Stages,
    string LifecycleTagGroup,
    string LostStage,
    TimeZoneInfo TimeZone,
    IReadOnlyList<WelcomeTemplate> WelcomeTemplates,
    string? DefaultWelcomeTemplateId)
{
    /// <summary>The <c>remarks</c> settings: separator and levels.</summary>
    public RemarkSettings Remarks { get; init; } = RemarkSettings.Default;
}
