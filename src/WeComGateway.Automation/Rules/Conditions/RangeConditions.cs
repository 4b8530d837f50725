namespace WeComGateway.Automation;

/// <summary>A whole-number range, both ends inclusive; <see cref="long.MaxValue"/> is "no upper end".</summary>
internal readonly record struct IntRange(long Min, long Max)
{
    public bool Contains(long value) => value >= Min && value <= Max;

    public bool HasUpperEnd => Max != long.MaxValue;
}

/// <summary>A decimal range; a missing end is open.</summary>
internal readonly record struct DecimalRange(decimal? Lower, bool LowerInclusive, decimal? Upper, bool UpperInclusive)
{
    public bool Contains(decimal value) =>
        (Lower is not { } lower || (LowerInclusive ? value >= lower : value > lower)) &&
        (Upper is not { } upper || (UpperInclusive ? value <= upper : value < upper));
}

/// <summary><c>purchaseCount</c>.</summary>
internal sealed class PurchaseCountCondition(IntRange range) : Condition
{
    public override bool Matches(ref EvaluationContext context) => range.Contains(context.Facts.PurchaseCount);
}

/// <summary><c>totalSpent</c>.</summary>
internal sealed class TotalSpentCondition(DecimalRange range) : Condition
{
    public override bool Matches(ref EvaluationContext context) => range.Contains(context.Facts.TotalSpent);
}

/// <summary>
/// <c>daysSinceLastPurchase</c>, <c>daysSinceAdded</c>, <c>daysSinceMembershipChange</c>: local calendar days from the
/// date to now. A customer without the date does not match.
/// </summary>
internal sealed class DaysSinceCondition(DayCount count, IntRange range) : Condition
{
    public DayCount Count => count;

    public IntRange Range => range;

    public override bool Matches(ref EvaluationContext context) =>
        context.DaysSince(count) is { } days && range.Contains(days);

    /// <summary>
    /// The day count at which this condition's result next changes, counting from <paramref name="days"/> today;
    /// null when it never changes again.
    /// </summary>
    public long? NextFlip(int days) =>
        days < range.Min ? range.Min
        : range.HasUpperEnd && days <= range.Max ? range.Max + 1
        : null;
}

/// <summary><c>timeOfDay</c>: local time of now in [from, to); a window past midnight wraps.</summary>
internal sealed class TimeOfDayCondition(int fromMinute, int toMinute) : Condition
{
    public override bool Matches(ref EvaluationContext context)
    {
        var minute = context.MinuteOfDay;
        return fromMinute < toMinute
            ? minute >= fromMinute && minute < toMinute
            : minute >= fromMinute || minute < toMinute;
    }
}
