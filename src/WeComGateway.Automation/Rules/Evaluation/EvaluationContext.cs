namespace WeComGateway.Automation;

/// <summary>
/// One evaluation's inputs, with the time-zone arithmetic done at most once (only when a time condition asks).
/// Passed by reference through the condition tree; never stored.
/// </summary>
internal struct EvaluationContext(CustomerFacts facts, AutomationEvent e, DateTimeOffset now, TimeZoneInfo zone, ChannelDirectory channels)
{
    private const int Unset = int.MinValue;

    private int _today = Unset;
    private int _minuteOfDay = Unset;
    private int _daysSinceLastPurchase = Unset;
    private int _daysSinceAdded = Unset;
    private int _daysSinceMembershipChange = Unset;

    public readonly CustomerFacts Facts => facts;

    public readonly AutomationEvent Event => e;

    /// <summary>The corp's channels: a state's channel name matches where the state does.</summary>
    public readonly ChannelDirectory Channels => channels;

    /// <summary>Minutes since local midnight of now, in the rule set's time zone.</summary>
    public int MinuteOfDay
    {
        get
        {
            if (_minuteOfDay == Unset)
            {
                var local = TimeZoneInfo.ConvertTime(now, zone);
                _minuteOfDay = (local.Hour * 60) + local.Minute;
                _today = LocalDays.DayNumber(local);
            }

            return _minuteOfDay;
        }
    }

    /// <summary>Whole local days from the fact's date to today; null when the customer lacks the date.</summary>
    public int? DaysSince(DayCount count) => count switch
    {
        DayCount.LastPurchase => Cached(ref _daysSinceLastPurchase, facts.LastPurchaseAt),
        DayCount.Added => Cached(ref _daysSinceAdded, facts.AddedAt),
        _ => Cached(ref _daysSinceMembershipChange, facts.MembershipChangedAt),
    };

    private int? Cached(ref int days, DateTimeOffset? then)
    {
        if (days == Unset)
        {
            days = then is { } date ? Today - LocalDays.DayNumber(date, zone) : int.MaxValue;
        }

        return days == int.MaxValue ? null : days;
    }

    private int Today
    {
        get
        {
            if (_today == Unset)
            {
                _today = LocalDays.DayNumber(now, zone);
            }

            return _today;
        }
    }
}

/// <summary>The dates a <c>daysSince…</c> condition counts from.</summary>
internal enum DayCount
{
    LastPurchase,
    Added,
    MembershipChange,
}
