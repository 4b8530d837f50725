using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WeComGateway.Configuration;

/// <summary>
/// The <c>WeCom</c> configuration section, for the receiver (suites' callback keys) and the WeCom API client and
/// tokens (base URL, provider and suite secrets). Names are stable: operators and tests rely on them.
/// <see cref="ToString"/> shows no secret.
/// </summary>
public sealed class WeComOptions : IValidatableOptions
{
    public const string SectionName = "WeCom";

    public static readonly Uri DefaultApiBaseUrl = new("https://qyapi.weixin.qq.com");

    /// <summary>The WeCom open API (<c>WeCom:ApiBaseUrl</c>; empty means WeCom's); tests and the emulator point it elsewhere.</summary>
    public Uri ApiBaseUrl { get; set => field = value ?? DefaultApiBaseUrl; } = DefaultApiBaseUrl;

    /// <summary>The provider's own corp id: WeCom seals it into GET handshakes, and it may appear on command callbacks.</summary>
    public string? ProviderCorpId { get; set; }

    /// <summary>For the provider token. Never logged.</summary>
    public string? ProviderSecret { get; set; }

    /// <summary><c>WeCom:Suites:{i}</c>: the third-party apps (suites) and 代开发 templates this gateway serves.</summary>
    public List<SuiteOptions> Suites { get; set; } = [];

    /// <summary>
    /// <c>WeCom:PreferredSuites:{corpId}</c> = a suite id: for a corp that holds grants of several suites, the one whose
    /// token calls WeCom for it (tagging, welcome, backfill). Without an entry, or when that grant is gone or inactive,
    /// the first active grant in the order of <see cref="Suites"/> is used.
    /// </summary>
    public Dictionary<string, string> PreferredSuites { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The configured suite, or null.</summary>
    public SuiteOptions? Suite(string suiteId) => Suites.FirstOrDefault(s => s.SuiteId == suiteId);

    public void Validate(OptionsValidationContext context)
    {
        if (!ApiBaseUrl.IsAbsoluteUri)
        {
            context.Problem(nameof(ApiBaseUrl), "must be an absolute URI.");
        }

        foreach (var duplicate in Suites.Where(s => !string.IsNullOrWhiteSpace(s.SuiteId)).GroupBy(s => s.SuiteId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            context.Problem(nameof(Suites), $"lists SuiteId '{duplicate.Key}' more than once.");
        }

        foreach (var (corpId, suiteId) in PreferredSuites.Where(p => Suite(p.Value) is null))
        {
            context.Problem($"{nameof(PreferredSuites)}:{corpId}", $"names suite '{suiteId}', which is not in {context.Key(nameof(Suites))}.");
        }
    }

    public override string ToString() => $"WeComOptions {{ ApiBaseUrl = {ApiBaseUrl}, ProviderCorpId = {ProviderCorpId}, Suites = {Suites.Count} }}";
}

public static class WeComOptionsExtensions
{
    /// <summary><see cref="WeComOptions"/> from the <c>WeCom</c> section, validated at start-up; safe to call from every feature that reads it.</summary>
    public static OptionsBuilder<WeComOptions> AddWeComOptions(this IServiceCollection services, IConfiguration? configuration = null) =>
        services.AddValidatedOptions<WeComOptions>(WeComOptions.SectionName, configuration);
}
