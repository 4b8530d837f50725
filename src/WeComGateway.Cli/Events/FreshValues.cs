using System.Globalization;
using System.Security.Cryptography;

namespace WeComGateway.Cli.Events;

/// <summary>
/// Random ids in the shapes WeCom uses, so every triggered callback has a plaintext of its own and the receiver's
/// dedupe (a hash of the plaintext) does not swallow it.
/// </summary>
internal static class FreshValues
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Hex = "0123456789abcdef";
    private const string Digits = "0123456789";
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>A customer id: <c>wm</c> + 30 characters, like WeCom's external_userid.</summary>
    public static string ExternalUserId() => "wm" + RandomNumberGenerator.GetString(Alphanumeric, 30);

    /// <summary>A group chat id: <c>wr</c> + 30 characters.</summary>
    public static string ChatId() => "wr" + RandomNumberGenerator.GetString(Alphanumeric, 30);

    /// <summary>A single-use welcome code.</summary>
    public static string WelcomeCode() => RandomNumberGenerator.GetString(Alphanumeric, 43);

    /// <summary>A member-list version (LastMemVer/CurMemVer): 32 hex digits.</summary>
    public static string MemberVersion() => RandomNumberGenerator.GetString(Hex, 32);

    public static string SuiteTicket() => RandomNumberGenerator.GetString(Alphanumeric, 64);

    /// <summary>A temporary authorization code (valid 10 min, single-use in real life).</summary>
    public static string AuthCode() => RandomNumberGenerator.GetString(Alphanumeric, 43);

    /// <summary>A customer tag or tag-group id: <c>et</c> + 30 characters, like the ids get_corp_tag_list answers.</summary>
    public static string CorpTagId() => "et" + RandomNumberGenerator.GetString(Alphanumeric, 30);

    /// <summary>A department or member-tag id: WeCom numbers them, 1 being the root department.</summary>
    public static string NumericId() => RandomNumberGenerator.GetInt32(2, 100_000).ToString(CultureInfo.InvariantCulture);

    /// <summary>A paid-app order id.</summary>
    public static string OrderId() => "T" + RandomNumberGenerator.GetString(UpperHex, 31);

    /// <summary>A registration code (single-use, like an AuthCode).</summary>
    public static string RegisterCode() => RandomNumberGenerator.GetString(Alphanumeric, 43);

    /// <summary>The plaintext of a URL-verification echostr: a 19-digit decimal without a leading zero.</summary>
    public static string Echo() => RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString(Digits, 18);
}
