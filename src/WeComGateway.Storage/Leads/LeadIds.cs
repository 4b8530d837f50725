using System.Globalization;
using System.Security.Cryptography;

namespace WeComGateway.Storage.Leads;

/// <summary>Lead ids: 12 lower-case hex characters, random (they say nothing about the phone); days: <c>yyyyMMdd</c>.</summary>
public static class LeadIds
{
    public const int Length = 12;

    public static string New() => RandomNumberGenerator.GetHexString(Length, lowercase: true);

    public static string Validate(string leadId)
    {
        if (leadId is null || leadId.Length != Length || leadId.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw new ArgumentException($"A lead id is {Length} lower-case hex characters.", nameof(leadId));
        }

        return leadId;
    }

    public static bool IsValid(string? leadId) => leadId is { Length: Length } && leadId.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    public static string ValidateDay(string day)
    {
        if (!DateOnly.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new ArgumentException("A day is yyyyMMdd.", nameof(day));
        }

        return day;
    }

    /// <summary>The report field of a counter: kind, employee and source joined by tabs (sources never hold a tab).</summary>
    internal static string ReportField(string kind, string userId, string source) => $"{kind}\t{userId}\t{source}";
}
