using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Http;

/// <summary>What the handlers read from a request: its token key, API name and whether it may be resent blindly.</summary>
internal static class WeComRequest
{
    private const string ApiRoot = "/cgi-bin/";

    /// <summary>
    /// POSTs that create something or consume a single-use code: retried only when WeCom answered (busy, rate limit)
    /// or the request provably never left (rate limiter, connection refused), never after a timeout, a dropped
    /// connection or an HTTP 5xx, because WeCom may already have acted on it.
    /// </summary>
    private static readonly HashSet<string> NotIdempotent = new(StringComparer.Ordinal)
    {
        "externalcontact/send_welcome_msg", // single-use welcome_code, 20 s window
        "externalcontact/add_corp_tag",     // a second call creates a duplicate or fails on the first one's name
        "externalcontact/add_contact_way",  // a second call creates a second config_id / QR code
        "externalcontact/groupchat/add_join_way",          // a second call creates a second config_id
        "externalcontact/group_welcome_template/add",      // a second call creates a second template
        "externalcontact/add_msg_template",                // a second call creates a second mass message task
        "service/get_permanent_code",       // single-use auth_code
        "service/v2/get_permanent_code",
        "message/send",                     // a second call sends the message a second time
        "externalcontact/add_moment_task",  // a second call creates a second moment task for the members
    };

    /// <summary>The <see cref="TokenKey"/> Refit's <c>[Property(WeComRequestOptions.Token)]</c> put in the options.</summary>
    public static TokenKey? GetTokenKey(this HttpRequestMessage request) =>
        ((IDictionary<string, object?>)request.Options).TryGetValue(WeComRequestOptions.Token, out var value) && value is TokenKey key
            ? key
            : null;

    /// <summary>Whom the call is for: its token key, else the grant <c>[Property(WeComRequestOptions.Grant)]</c> names.</summary>
    public static TokenKey? GetCallerKey(this HttpRequestMessage request) =>
        request.GetTokenKey()
        ?? (((IDictionary<string, object?>)request.Options).TryGetValue(WeComRequestOptions.Grant, out var value) && value is TokenKey key ? key : null);

    /// <summary>The API for errors and logs: <c>[Property(WeComRequestOptions.Api)]</c> if given, else the path below <c>/cgi-bin/</c>.</summary>
    public static string GetApiName(this HttpRequestMessage request)
    {
        if (((IDictionary<string, object?>)request.Options).TryGetValue(WeComRequestOptions.Api, out var value) && value is string api)
        {
            return api;
        }

        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? string.Empty;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        var root = path.IndexOf(ApiRoot, StringComparison.Ordinal);
        return root >= 0 ? path[(root + ApiRoot.Length)..] : path.TrimStart('/');
    }

    /// <summary>The corp the call is for (or the suite / provider for those tokens): the key of its pipeline.</summary>
    public static string GetPipelineKey(this HttpRequestMessage request) => request.GetCallerKey() switch
    {
        { Kind: TokenKind.Corp, CorpId: { } corpId } => "corp:" + corpId,
        { Kind: TokenKind.Suite, SuiteId: { } suiteId } => "suite:" + suiteId,
        { Kind: TokenKind.Provider } => "provider",
        _ => "anonymous",
    };

    public static bool IsIdempotent(this HttpRequestMessage request) => !NotIdempotent.Contains(request.GetApiName());

    /// <summary>WeCom's query parameter for each kind of token.</summary>
    public static string QueryName(this TokenKind kind) => kind switch
    {
        TokenKind.Corp => "access_token",
        TokenKind.Suite => "suite_access_token",
        TokenKind.Provider => "provider_access_token",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The request URI with <paramref name="name"/> set to <paramref name="value"/> (replacing a previous value).</summary>
    public static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var kept = builder.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith(name + "=", StringComparison.Ordinal) && !string.Equals(pair, name, StringComparison.Ordinal));
        builder.Query = string.Join('&', kept.Append(name + "=" + Uri.EscapeDataString(value)));
        return builder.Uri;
    }

    /// <summary>The value of query parameter <paramref name="name"/>, unescaped, or null.</summary>
    public static string? GetQueryParameter(Uri? uri, string name)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            return null;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(name.Length + 1)..]);
            }
        }

        return null;
    }
}
