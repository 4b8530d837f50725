using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>Ranges (<c>{gt, gte, lt, lte, eq}</c>) and <c>timeOfDay</c> windows, checked to be well-formed and non-empty.</summary>
internal sealed partial class RuleSetReader
{
    private static readonly string[] RangeKeys = ["gt", "gte", "lt", "lte", "eq"];
    private static readonly string[] TimeOfDayKeys = ["from", "to"];

    private const int MinutesPerDay = 24 * 60;

    /// <summary>A whole-number range <c>{gt, gte, lt, lte, eq}</c>, normalised to inclusive ends.</summary>
    private IntRange? ReadIntRange(JsonElement value, string path, long max)
    {
        if (ReadBounds(value, path) is not { } bounds)
        {
            return null;
        }

        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, element) in bounds)
        {
            if (!element.TryGetInt64(out var number) || number < 0 || number > max)
            {
                Error(At(path, key), $"must be a whole number from 0 to {max}, not {Describe(element)}");
                return null;
            }

            numbers[key] = number;
        }

        if (numbers.TryGetValue("eq", out var eq))
        {
            return new IntRange(eq, eq);
        }

        var min = numbers.TryGetValue("gte", out var gte) ? gte : numbers.TryGetValue("gt", out var gt) ? gt + 1 : 0;
        var upper = numbers.TryGetValue("lte", out var lte) ? lte : numbers.TryGetValue("lt", out var lt) ? lt - 1 : long.MaxValue;
        if (min > upper)
        {
            Error(path, $"the range is empty: no whole number is {DescribeBounds(bounds)}");
            return null;
        }

        return new IntRange(min, upper);
    }

    private DecimalRange? ReadDecimalRange(JsonElement value, string path)
    {
        if (ReadBounds(value, path) is not { } bounds)
        {
            return null;
        }

        var numbers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, element) in bounds)
        {
            if (!element.TryGetDecimal(out var number) || number < 0)
            {
                Error(At(path, key), $"must be a number 0 or more, not {Describe(element)}");
                return null;
            }

            numbers[key] = number;
        }

        if (numbers.TryGetValue("eq", out var eq))
        {
            return new DecimalRange(eq, true, eq, true);
        }

        decimal? lower = numbers.TryGetValue("gte", out var gte) ? gte : numbers.TryGetValue("gt", out var gt) ? gt : null;
        decimal? upper = numbers.TryGetValue("lte", out var lte) ? lte : numbers.TryGetValue("lt", out var lt) ? lt : null;
        var range = new DecimalRange(lower, numbers.ContainsKey("gte"), upper, numbers.ContainsKey("lte"));
        if (lower is { } l && upper is { } u && (l > u || (l == u && !(range.LowerInclusive && range.UpperInclusive))))
        {
            Error(path, $"the range is empty: no amount is {DescribeBounds(bounds)}");
            return null;
        }

        return range;
    }

    /// <summary>The bounds of a range object: at least one, numbers, <c>eq</c> alone, not both gt and gte (lt and lte).</summary>
    private List<(string Key, JsonElement Value)>? ReadBounds(JsonElement value, string path)
    {
        if (!IsObject(value, path, "a range", RangeKeys))
        {
            return null;
        }

        var bounds = new List<(string, JsonElement)>();
        foreach (var property in value.EnumerateObject())
        {
            if (!Contains(RangeKeys, property.Name))
            {
                return null;
            }

            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                Error(At(path, property.Name), $"must be a number, not {Describe(property.Value)}");
                return null;
            }

            bounds.Add((property.Name, property.Value));
        }

        bool Has(string key) => bounds.Exists(b => b.Item1 == key);
        var problem =
            bounds.Count == 0 ? "a range needs at least one of 'gt', 'gte', 'lt', 'lte', 'eq'"
            : Has("eq") && bounds.Count > 1 ? "'eq' cannot be combined with other bounds"
            : Has("gt") && Has("gte") ? "give 'gt' or 'gte', not both"
            : Has("lt") && Has("lte") ? "give 'lt' or 'lte', not both"
            : null;
        if (problem is not null)
        {
            Error(path, problem);
            return null;
        }

        return bounds;
    }

    private static string DescribeBounds(List<(string Key, JsonElement Value)> bounds) =>
        string.Join(" and ", bounds.Select(b => $"{b.Key} {b.Value.GetRawText()}"));

    private TimeOfDayCondition? ReadTimeOfDay(JsonElement value, string path)
    {
        if (!IsObject(value, path, "timeOfDay", TimeOfDayKeys))
        {
            return null;
        }

        int? from = null, to = null;
        foreach (var key in TimeOfDayKeys)
        {
            var at = At(path, key);
            if (!value.TryGetProperty(key, out var part))
            {
                Error(at, $"'{key}' is missing (\"HH:mm\" in the rule set's time zone)");
            }
            else if (part.ValueKind != JsonValueKind.String || ParseMinute(part.GetString()!, allowEndOfDay: key == "to") is not { } minute)
            {
                Error(at, $"must be a time \"HH:mm\" from 00:00 to {(key == "to" ? "24:00" : "23:59")}, not {Describe(part)}");
            }
            else if (key == "from")
            {
                from = minute;
            }
            else
            {
                to = minute;
            }
        }

        if (from is null || to is null)
        {
            return null;
        }

        if (from == to % MinutesPerDay)
        {
            Error(path, to == MinutesPerDay ? "00:00 to 24:00 is the whole day: leave timeOfDay out" : "'from' and 'to' are the same time: the window is empty");
            return null;
        }

        return new TimeOfDayCondition(from.Value, to.Value % MinutesPerDay);
    }

    private static int? ParseMinute(string text, bool allowEndOfDay)
    {
        if (text.Length != 5 || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) ||
            !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return null;
        }

        var hour = ((text[0] - '0') * 10) + (text[1] - '0');
        var minute = ((text[3] - '0') * 10) + (text[4] - '0');
        return (hour < 24 && minute < 60) || (allowEndOfDay && hour == 24 && minute == 0) ? (hour * 60) + minute : null;
    }
}
