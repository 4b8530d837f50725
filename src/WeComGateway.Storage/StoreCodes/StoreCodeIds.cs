using System.Diagnostics.CodeAnalysis;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>
/// Store and campaign ids and the <c>state</c> they make: <c>st:{campaign}:{store}</c>, which must fit WeCom's 30
/// characters. Store ids are 1–14 and campaign ids 1–12 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>.
/// </summary>
public static class StoreCodeIds
{
    public const string StatePrefix = "st:";

    public const int MaxStoreId = 14;

    public const int MaxCampaignId = 12;

    public static bool IsStoreId(string? id) => Valid(id, MaxStoreId);

    public static bool IsCampaignId(string? id) => Valid(id, MaxCampaignId);

    /// <summary>The state of a store's code in a campaign (≤ 30 characters).</summary>
    public static string State(string campaignId, string storeId) => $"{StatePrefix}{campaignId}:{storeId}";

    /// <summary>The campaign and store a state names, when it is a store code's.</summary>
    public static bool TryParseState(string? state, [NotNullWhen(true)] out string? campaignId, [NotNullWhen(true)] out string? storeId)
    {
        campaignId = storeId = null;
        if (state is null || !state.StartsWith(StatePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = state[StatePrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !IsCampaignId(rest[..colon]) || !IsStoreId(rest[(colon + 1)..]))
        {
            return false;
        }

        campaignId = rest[..colon];
        storeId = rest[(colon + 1)..];
        return true;
    }

    private static bool Valid(string? id, int max) =>
        id is { Length: > 0 } && id.Length <= max && id[0] != '-' && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
