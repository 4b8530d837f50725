using System.Buffers;
using System.Security.Cryptography;

namespace WeComGateway.Storage.Fission;

/// <summary>
/// A participant's state is the campaign's prefix and a random code, at most <see cref="MaxStateLength"/> characters
/// (WeCom's limit for a contact way's <c>state</c>). Prefixes are 1-<see cref="MaxPrefixLength"/> characters of
/// <c>[A-Za-z0-9_-]</c>, so every code has at least six characters of <c>[a-z0-9]</c> (36^6 ≈ 2·10^9 codes).
/// </summary>
public static class FissionStates
{
    public const int MaxStateLength = 30;
    public const int MaxPrefixLength = 24;
    public const int MaxCodeLength = 8;
    public const int MaxCampaignIdLength = 32;

    private const string CodeAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly SearchValues<char> PrefixChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly SearchValues<char> IdChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Returns <paramref name="prefix"/>, or throws <see cref="ArgumentException"/>.</summary>
    public static string ValidatePrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength || prefix.AsSpan().ContainsAnyExcept(PrefixChars))
        {
            throw new ArgumentException($"A state prefix must be 1-{MaxPrefixLength} characters of [A-Za-z0-9_-].", nameof(prefix));
        }

        return prefix;
    }

    /// <summary>Campaign ids become part of key names: <c>[a-z0-9][a-z0-9-]{0,31}</c>.</summary>
    public static string ValidateCampaignId(string campaignId)
    {
        if (string.IsNullOrEmpty(campaignId) || campaignId.Length > MaxCampaignIdLength || campaignId[0] == '-'
            || campaignId.AsSpan().ContainsAnyExcept(IdChars))
        {
            throw new ArgumentException($"A campaign id must be 1-{MaxCampaignIdLength} characters of [a-z0-9-], not starting with '-'.", nameof(campaignId));
        }

        return campaignId;
    }

    /// <summary>A fresh state for a participant: the prefix and as many random code characters as fit (up to eight).</summary>
    public static string NewState(string prefix) =>
        ValidatePrefix(prefix) + RandomNumberGenerator.GetString(CodeAlphabet, Math.Min(MaxCodeLength, MaxStateLength - prefix.Length));

    /// <summary>A fresh campaign id when the caller gives none.</summary>
    public static string NewCampaignId() => "c" + RandomNumberGenerator.GetString(CodeAlphabet, 9);

    /// <summary>
    /// Who counts as a customer: WeCom gives WeChat users external user ids starting <c>wm</c> and WeCom users of other
    /// corps ids starting <c>wo</c>. Anything else (an employee's userid, a malformed id) is never credited.
    /// </summary>
    public static bool IsCustomerId(string externalUserId) =>
        externalUserId.StartsWith("wm", StringComparison.Ordinal) || externalUserId.StartsWith("wo", StringComparison.Ordinal);
}
