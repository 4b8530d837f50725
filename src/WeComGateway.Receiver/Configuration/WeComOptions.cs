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
}
