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

    /// <summary>The plaintext of a URL-verification echostr: a 19-digit decimal without a leading zero.</summary>
    public static string Echo() => RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString(Digits, 18);
}
