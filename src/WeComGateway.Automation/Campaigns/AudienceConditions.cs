namespace WeComGateway.Automation;

/// <summary>One of the employees follows the customer.</summary>
internal sealed class FollowedByCondition(StringSet employees) : Condition
{
    public override bool Matches(ref EvaluationContext context) => employees.ContainsAny(context.Facts.FollowUsers);
}

/// <summary>The customer was first added on a local day within [from, to] (day numbers; an open end is <see cref="int.MinValue"/> / <see cref="int.MaxValue"/>).</summary>
internal sealed class AddedBetweenCondition(int fromDay, int toDay, TimeZoneInfo zone) : Condition
{
    public override bool Matches(ref EvaluationContext context) =>
        context.Facts.AddedAt is { } added && LocalDays.DayNumber(added, zone) is var day && day >= fromDay && day <= toDay;
}

/// <summary>A customer an employee can still send to: not lost, followed by someone.</summary>
internal sealed class ReachableCondition : Condition
{
    public static readonly ReachableCondition Instance = new();

    public override bool Matches(ref EvaluationContext context) => !context.Facts.Lost && context.Facts.FollowUsers.Count > 0;
}
