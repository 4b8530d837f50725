using System.CommandLine;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// How a command reaches the admin API (the worker host's internal listener): <c>--admin-url</c> /
/// <c>WECOMGW_ADMIN_URL</c> and <c>--api-key</c> / <c>WECOMGW_ADMIN_API_KEY</c> (sent as <c>X-Api-Key</c>). One per
/// command; add <see cref="Options"/> to the command and call <see cref="CreateClient"/> in its action.
/// </summary>
internal sealed class AdminApiConnection(CliContext context)
{
    public const string DefaultAdminUrl = "http://127.0.0.1:5081";

    private readonly EnvironmentOption _adminUrl = new(
        "--admin-url", "WECOMGW_ADMIN_URL", DefaultAdminUrl, "The admin API (the worker host's internal listener).", "url", DefaultAdminUrl);

    private readonly EnvironmentOption _apiKey = new(
        "--api-key", "WECOMGW_ADMIN_API_KEY", string.Empty, "A key of Admin:ApiKeys, sent as X-Api-Key.", "key", "none");

    public IEnumerable<Option> Options => [_adminUrl.Option, _apiKey.Option];

    /// <summary>An HTTP client for the admin API; a usage error when the key is missing or the URL is not http(s).</summary>
    public HttpClient CreateClient(ParseResult parseResult)
    {
        var key = _apiKey.Resolve(parseResult, context);
        if (key.Length == 0)
        {
            throw new CliUsageException($"the admin API needs a key: pass --api-key or set {_apiKey.EnvironmentVariable}.");
        }

        if (!Uri.TryCreate(_adminUrl.Resolve(parseResult, context), UriKind.Absolute, out var adminUrl) || adminUrl.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException("--admin-url must be an absolute http(s) URL.");
        }

        var http = context.CreateHttpClient(TimeSpan.FromSeconds(30));
        http.BaseAddress = adminUrl;
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}
