using System.Globalization;

namespace WeComGateway.Storage.Campaigns;

/// <summary>Campaign ids: 1–32 of <c>a-z 0-9 - _</c>, chosen by the operator (<c>fruit-dec</c>); months: <c>yyyyMM</c>.</summary>
public static class CampaignIds
{
    public const int MaxLength = 32;

    public static bool IsValid(string? campaignId) =>
        campaignId is { Length: > 0 and <= MaxLength } && campaignId.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    public static string Validate(string campaignId) =>
        IsValid(campaignId) ? campaignId : throw new ArgumentException($"A campaign id is 1–{MaxLength} of a-z, 0-9, '-' and '_'.", nameof(campaignId));

    public static string ValidateMonth(string month)
    {
        if (month is not { Length: 6 } || !DateOnly.TryParseExact(month + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new ArgumentException("A month is yyyyMM.", nameof(month));
        }

        return month;
    }
}
