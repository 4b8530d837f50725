namespace WeComGateway.Automation.Webhooks;

/// <summary>Which endpoint URLs a subscription may have: absolute https, or http to the loopback host when allowed (tests, development).</summary>
public static class WebhookUrls
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> may receive webhooks, otherwise why not.</summary>
    public static string? Problem(string? url, bool allowInsecureLoopback)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"an absolute URL of at most {MaxLength} characters";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "no user info and no fragment";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && allowInsecureLoopback && uri.IsLoopback
            ? null
            : "https (http only to 127.0.0.1 or localhost, and only with Webhooks:AllowInsecureLoopback)";
    }
}
