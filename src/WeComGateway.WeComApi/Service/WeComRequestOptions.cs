namespace WeComGateway.WeComApi.Service;

/// <summary>Per-request values Refit passes to the HTTP handlers through <c>[Property]</c> (HttpRequestMessage.Options).</summary>
public static class WeComRequestOptions
{
    /// <summary>The <see cref="Tokens.TokenKey"/> whose token the access-token handler puts in the query string.</summary>
    public const string Token = "wecom.token";

    /// <summary>
    /// For a call that carries no token but is made for a grant (gettoken of a 代开发 grant): the <see cref="Tokens.TokenKey"/>
    /// it is for, so that errors name the corp, the corp's pipeline limits it and metrics name the suite. No token is added.
    /// </summary>
    public const string Grant = "wecom.grant";

    /// <summary>The API name for errors and logs (e.g. <c>externalcontact/mark_tag</c>).</summary>
    public const string Api = "wecom.api";
}
