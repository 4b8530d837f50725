using System.CommandLine;
using WeComGateway.Callbacks;

namespace WeComGateway.Cli.Commands;

/// <summary>Where the gateway is and which suite's secrets sign the callbacks. Defaults are the gateway's embedded demo suite.</summary>
internal sealed record SuiteConnection(Uri BaseUrl, string SuiteId, string Token, string EncodingAesKey)
{
    /// <summary><c>{base}/wecom/suites/{suiteId}/command</c>: 指令回调URL.</summary>
    public Uri CommandUrl => CallbackUrl("command");

    /// <summary><c>{base}/wecom/suites/{suiteId}/data</c>: 数据回调URL.</summary>
    public Uri DataUrl => CallbackUrl("data");

    // Token and key stay out of ToString (records print every member otherwise).
    public override string ToString() => $"{BaseUrl} suite {SuiteId}";

    private Uri CallbackUrl(string which) =>
        new($"{BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/wecom/suites/{Uri.EscapeDataString(SuiteId)}/{which}");
}

/// <summary>The options every command that talks to the gateway shares.</summary>
internal sealed class SuiteOptions
{
    public const string DemoBaseUrl = "http://localhost:5080";
    public const string DemoSuiteId = "ww0000demosuite001";
    public const string DemoToken = "DemoSuiteToken2026";
    public const string DemoEncodingAesKey = "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc";
    public const string DemoCorpId = "ww0000democorp0001";
    public const string DemoProviderCorpId = "ww0000demoprovider";

    public EnvironmentOption BaseUrl { get; } = new(
        "--base-url", "WECOMGW_BASE_URL", DemoBaseUrl, "The gateway's base URL.", "url", DemoBaseUrl);

    public EnvironmentOption SuiteId { get; } = new(
        "--suite-id", "WECOMGW_SUITE_ID", DemoSuiteId, "The suite whose URLs receive the callback.", "id", DemoSuiteId);

    public EnvironmentOption Token { get; } = new(
        "--token", "WECOMGW_TOKEN", DemoToken, "The suite's callback Token (signs the request).", "token", "the demo suite's");

    public EnvironmentOption AesKey { get; } = new(
        "--aes-key", "WECOMGW_AES_KEY", DemoEncodingAesKey, "The suite's 43-character EncodingAESKey.", "key", "the demo suite's");

    public Option<bool> Print { get; } = new("--print")
    {
        Description = "Print the decrypted plaintext and the signed request instead of sending it (never the token or key).",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print timings." };

    public Option<int> Timeout { get; } = BoundedIntOption.Create("--timeout", "Seconds to wait for each answer.", "seconds", 10, 1, 300);

    public void AddTo(Command command)
    {
        command.Options.Add(BaseUrl.Option);
        command.Options.Add(SuiteId.Option);
        command.Options.Add(Token.Option);
        command.Options.Add(AesKey.Option);
        command.Options.Add(Print);
        command.Options.Add(Verbose);
        command.Options.Add(Timeout);
    }

    /// <exception cref="CliUsageException">The base URL is not absolute http(s) or the key is not an EncodingAESKey.</exception>
    public SuiteConnection Resolve(ParseResult parseResult, CliContext context)
    {
        var baseUrl = BaseUrl.Resolve(parseResult, context);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--base-url must be an absolute http or https URL, got '{baseUrl}'.");
        }

        var aesKey = AesKey.Resolve(parseResult, context);
        if (!CallbackCrypto.IsValidEncodingAesKey(aesKey))
        {
            // Name the source, never echo the value.
            throw new CliUsageException($"--aes-key (or {AesKey.EnvironmentVariable}) must be 43 characters of [A-Za-z0-9] decoding to 32 bytes.");
        }

        return new SuiteConnection(baseUri, SuiteId.Resolve(parseResult, context), Token.Resolve(parseResult, context), aesKey);
    }
}
