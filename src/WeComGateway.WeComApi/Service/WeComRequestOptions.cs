namespace WeComGateway.WeComApi.Service;

/// <summary>Per-request values Refit passes to the HTTP handlers through <c>[Property]</c> (HttpRequestMessage.Options).</summary>
public static class WeComRequestOptions
{
    /// <summary>The <see cref="Tokens.TokenKey"/> whose token the access-token handler puts in the query string.</summary>
    public const string Token = "wecom.token";

    /// <summary>The API name for errors and logs (e.g. <c>externalcontact/mark_tag</c>).</summary>
    public const string Api = "wecom.api";
}
