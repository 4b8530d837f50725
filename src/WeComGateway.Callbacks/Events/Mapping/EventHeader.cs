using System.Globalization;

namespace WeComGateway.Callbacks;

/// <summary>The fields every record shares, worked out once per callback.</summary>
internal readonly record struct EventHeader(
    string SuiteId, string? CorpId, DateTimeOffset EventTime, DateTimeOffset ReceivedAt, string DedupeKey);

/// <summary>Tolerant conversions of optional element text: a value WeCom garbles becomes null, not a rejection.</summary>
internal static class FieldText
{
    public static int? Int32(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Int64(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary><c>"zhangsan,lisi"</c> → [zhangsan, lisi]; null or empty → [].</summary>
    public static IReadOnlyList<string> List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
