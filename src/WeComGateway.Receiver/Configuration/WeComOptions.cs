using System.ComponentModel.DataAnnotations;

namespace WeComGateway.Receiver.Configuration;

/// <summary>The <c>WeCom</c> configuration section (names are stable: operators and tests rely on them).</summary>
public sealed class WeComOptions
{
    public const string SectionName = "WeCom";

    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    /// <summary>The provider's own corp id: WeCom seals it into GET handshakes, and it may appear on command callbacks.</summary>
    public string? ProviderCorpId { get; set; }

    public string? ProviderSecret { get; set; }

    public List<SuiteOptions> Suites { get; set; } = [];

    /// <summary>Corps the in-memory directory treats as authorized (embedded default only).</summary>
    public List<string> DemoCorpIds { get; set; } = [];
}

/// <summary><c>WeCom:Suites:{i}</c>: one third-party app (suite) or 代开发 template.</summary>
public sealed class SuiteOptions
{
    [Required]
    public string SuiteId { get; set; } = string.Empty;

    public string? SuiteSecret { get; set; }

    [Required]
    public string Token { get; set; } = string.Empty;

    [Required]
    public string EncodingAesKey { get; set; } = string.Empty;

    /// <summary>
    /// During a key rotation: the Token WeCom signed with before the console change. Set together with
    /// <see cref="PreviousEncodingAesKey"/> (the pair rotates together, even when only one of them changed) and
    /// <see cref="PreviousKeysValidUntil"/>.
    /// </summary>
    public string? PreviousToken { get; set; }

    /// <summary>During a key rotation: the EncodingAESKey that goes with <see cref="PreviousToken"/>.</summary>
    public string? PreviousEncodingAesKey { get; set; }

    /// <summary>
    /// Until when (exclusive) callbacks signed with the previous keys are accepted; at most
    /// <see cref="MaxPreviousKeysLifetime"/> after start-up, so a forgotten old key does not live forever.
    /// </summary>
    public DateTimeOffset? PreviousKeysValidUntil { get; set; }

    /// <summary>How far in the future <see cref="PreviousKeysValidUntil"/> may be at start-up.</summary>
    public static readonly TimeSpan MaxPreviousKeysLifetime = TimeSpan.FromDays(30);

    /// <summary>True when either previous value is set (the validator insists on both).</summary>
    public bool HasPreviousKeys => !string.IsNullOrEmpty(PreviousToken) || !string.IsNullOrEmpty(PreviousEncodingAesKey);
}
