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
    }

    public override string ToString() => $"WeComOptions {{ ApiBaseUrl = {ApiBaseUrl}, ProviderCorpId = {ProviderCorpId}, Suites = {Suites.Count} }}";
}

public static class WeComOptionsExtensions
{
    /// <summary><see cref="WeComOptions"/> from the <c>WeCom</c> section, validated at start-up; safe to call from every feature that reads it.</summary>
    public static OptionsBuilder<WeComOptions> AddWeComOptions(this IServiceCollection services, IConfiguration? configuration = null) =>
        services.AddValidatedOptions<WeComOptions>(WeComOptions.SectionName, configuration);
}
