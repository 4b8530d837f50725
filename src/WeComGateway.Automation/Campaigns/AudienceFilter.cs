namespace WeComGateway.Automation;

/// <summary>
/// A <see cref="CampaignAudience"/> compiled into the rule engine's conditions (<c>hasTag</c>, <c>lacksTag</c>,
/// <c>stage</c>, <c>channel</c> with channel names, plus segment, follower and add-date conditions of audiences) and
/// evaluated the same way rules are: pure, immutable, thread-safe.
/// </summary>
public sealed class AudienceFilter
{
    private static readonly AutomationEvent Judgement = new()
    {
        Kind = AutomationEventKind.Scheduled, CorpId = "audience", ExternalUserId = "audience", EventKey = "audience", OccurredAt = DateTimeOffset.UnixEpoch,
    };

    private readonly Condition _when;
    private readonly StringSet? _employees;

    private AudienceFilter(Condition when, StringSet? employees, TimeZoneInfo zone)
    {
        _when = when;
        _employees = employees;
        TimeZone = zone;
    }

    /// <summary>The zone the add dates are read in (the corp's rule set's).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <exception cref="ArgumentException">The audience is not valid (<see cref="CampaignAudience.Problems"/>).</exception>
    public static AudienceFilter Compile(CampaignAudience audience, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(zone);
        if (audience.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(audience));
        }

        var parts = new List<Condition> { ReachableCondition.Instance };
        parts.AddRange(audience.Tags.All.Select(t => new TagCondition(t, expected: true)));
        if (audience.Tags.Any.Count > 0)
        {
            parts.Add(new AnyCondition([.. audience.Tags.Any.Select(t => new TagCondition(t, expected: true))]));
        }

        parts.AddRange(audience.Tags.None.Select(t => new TagCondition(t, expected: false)));
        if (audience.Stages.Count > 0)
        {
            parts.Add(new ValueCondition(ValueField.Stage, new StringSet(audience.Stages), matchesMissing: false));
        }

        if (audience.Channels.Count > 0)
        {
            parts.Add(new ValueCondition(ValueField.Channel, new StringSet(audience.Channels), matchesMissing: false));
        }

        if (audience.Segments.Count > 0)
        {
            parts.Add(new InSegmentCondition(new StringSet(audience.Segments)));
        }

        StringSet? employees = null;
        if (audience.Employees.Count > 0)
        {
            employees = new StringSet(audience.Employees);
            parts.Add(new FollowedByCondition(employees));
        }

        if (audience.AddedFrom is not null || audience.AddedTo is not null)
        {
            parts.Add(new AddedBetweenCondition(audience.AddedFrom?.DayNumber ?? int.MinValue, audience.AddedTo?.DayNumber ?? int.MaxValue, zone));
        }

        return new AudienceFilter(new AllCondition([.. parts]), employees, zone);
    }

    /// <summary>Whether the customer is in the audience <paramref name="now"/>.</summary>
    public bool Matches(CustomerFacts facts, DateTimeOffset now, ChannelDirectory? channels = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var context = new EvaluationContext(facts, Judgement, now, TimeZone, channels ?? ChannelDirectory.Empty);
        return _when.Matches(ref context);
    }

    /// <summary>
    /// The employee who sends to a customer of the audience: the first of their followers among the audience's
    /// employees (when it names some), else their first follower. Null when none can.
    /// </summary>
    public string? SenderOf(CustomerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var userId in facts.FollowUsers)
        {
            if (_employees is null || _employees.Contains(userId))
            {
                return userId;
            }
        }

        return null;
    }
}
