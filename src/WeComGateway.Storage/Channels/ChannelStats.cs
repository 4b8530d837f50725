using System.Globalization;

namespace WeComGateway.Storage.Channels;

public enum ChannelEventKind
{
    Added,
    DeletedByCustomer,
    DeletedByEmployee,
}

/// <summary>
/// One add or delete as the statistics count it. <see cref="Day"/> is the corp's day of <see cref="OccurredAt"/>
/// (Asia/Shanghai), worked out by the caller; <see cref="EventKey"/> is the same for every delivery of the event.
/// </summary>
/// <param name="State">The add's channel state (null or empty: none); ignored for deletes (they carry none).</param>
public sealed record ChannelStatsEvent(
    ChannelEventKind Kind, string EventKey, string UserId, string ExternalUserId, string? State, DateTimeOffset OccurredAt, DateOnly Day);

/// <summary>
/// Counts of one (bucket, day), in total or of one employee. <see cref="Lost"/> counts relationships that ended (the
/// first delete after an add: a customer who deletes the employee and is then deleted by them is lost once);
/// <see cref="NetRetained"/> = adds − lost.
/// </summary>
public sealed record ChannelCounters(long Adds, long FirstAdds, long ReAdds, long DeletedByCustomer, long DeletedByEmployee, long Lost)
{
    public static ChannelCounters Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public long NetRetained => Adds - Lost;

    public static ChannelCounters operator +(ChannelCounters a, ChannelCounters b) => new(
        a.Adds + b.Adds, a.FirstAdds + b.FirstAdds, a.ReAdds + b.ReAdds, a.DeletedByCustomer + b.DeletedByCustomer,
        a.DeletedByEmployee + b.DeletedByEmployee, a.Lost + b.Lost);

    /// <summary>Reads the storage fields (<c>adds</c>, <c>first</c>, <c>readds</c>, <c>del_c</c>, <c>del_e</c>, <c>lost</c>; a suffix such as <c>:{userId}</c> picks one employee).</summary>
    internal static ChannelCounters From(IReadOnlyDictionary<string, long> fields, string suffix = "") => new(
        fields.GetValueOrDefault("adds" + suffix), fields.GetValueOrDefault("first" + suffix), fields.GetValueOrDefault("readds" + suffix),
        fields.GetValueOrDefault("del_c" + suffix), fields.GetValueOrDefault("del_e" + suffix), fields.GetValueOrDefault("lost" + suffix));

    internal static readonly string[] FieldNames = ["adds", "first", "readds", "del_c", "del_e", "lost"];
}

/// <summary>
/// Where a count goes: the add's state (<c>s:{state}</c>), no state (<c>n</c>), a delete whose add was not seen (yet)
/// (<c>u</c>, unattributed), or every bucket of the day together (<c>all</c>).
/// </summary>
public static class ChannelBuckets
{
    public const string NoState = "n";

    public const string Unattributed = "u";

    public const string All = "all";

    public static string ForState(string? state) => string.IsNullOrEmpty(state) ? NoState : "s:" + state;

    /// <summary>The state a bucket counts (null for the others).</summary>
    public static string? StateOf(string bucket) => bucket.StartsWith("s:", StringComparison.Ordinal) ? bucket[2..] : null;

    internal static string DayName(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal static DateOnly ParseDay(string day) => DateOnly.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture);
}

/// <summary>A bucket's totals on one day after an event was counted.</summary>
public sealed record ChannelDayTotals(string Bucket, DateOnly Day, ChannelCounters Totals);

public enum ChannelStatsOutcome
{
    /// <summary>Counted now.</summary>
    Counted,

    /// <summary>This event was counted before (a redelivery or a duplicate): nothing changed.</summary>
    AlreadyCounted,

    /// <summary>The corp holds no grant: nothing of it may be written.</summary>
    NotAuthorized,
}

/// <param name="Touched">
/// The (bucket, day) totals the event changed — usually one; a late add also moves the deletes it explains out of
/// <see cref="ChannelBuckets.Unattributed"/>, and a late first add turns an earlier-counted first add into a re-add.
/// For <see cref="ChannelStatsOutcome.AlreadyCounted"/>: the bucket the event counts in, as it stands.
/// </param>
public sealed record ChannelStatsResult(ChannelStatsOutcome Outcome, IReadOnlyList<ChannelDayTotals> Touched);

/// <summary>One day of a bucket: totals and per employee.</summary>
public sealed record ChannelDayStats(DateOnly Day, ChannelCounters Totals, IReadOnlyDictionary<string, ChannelCounters> ByEmployee);

/// <summary>What WeCom's get_user_behavior_data says of one employee on one day.</summary>
public sealed record EmployeeBehavior(string UserId, long NewContacts, long NegativeFeedback);

/// <summary>The figures WeCom gave for a day, and when they were read.</summary>
public sealed record DayBehavior(DateOnly Day, DateTimeOffset CheckedAt, IReadOnlyList<EmployeeBehavior> Employees);
