namespace WeComGateway.Automation;

/// <summary>Calendar days in a time zone: "days since" counts local midnights crossed, not 24-hour periods.</summary>
internal static class LocalDays
{
    public static int DayNumber(DateTimeOffset instant, TimeZoneInfo zone) => DayNumber(TimeZoneInfo.ConvertTime(instant, zone));

    public static int DayNumber(DateTimeOffset local) => DateOnly.FromDateTime(local.DateTime).DayNumber;

    /// <summary>
    /// The first instant of local day <paramref name="dayNumber"/>. Where midnight does not exist (a DST gap) the first
    /// instant after the gap; where it exists twice, the earlier.
    /// </summary>
    public static DateTimeOffset StartOfDay(int dayNumber, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDayNumber(dayNumber).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        for (var step = 0; step < 96 && zone.IsInvalidTime(local); step++)
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>
    /// The zone for an IANA id (<c>Asia/Shanghai</c>). Ids are checked before the system is asked, so a tenant's
    /// file cannot make the runtime read arbitrary paths. Asia/Shanghai (fixed UTC+8 since 1991) works even where
    /// the image ships no time-zone data.
    /// </summary>
    public static TimeZoneInfo? Find(string id)
    {
        if (!IsWellFormedId(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return id is "Asia/Shanghai" or "PRC" or "Asia/Chongqing"
                ? TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, "China Standard Time")
                : null;
        }
    }

    private static bool IsWellFormedId(string id)
    {
        if (id.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var segment in id.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '+' or '.'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
