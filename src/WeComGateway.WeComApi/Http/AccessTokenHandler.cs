using Microsoft.Extensions.DependencyInjection;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Http;

/// <summary>
/// Puts the token WeCom wants in the query string (<c>access_token</c>, <c>suite_access_token</c> or
/// <c>provider_access_token</c>) for requests that carry a <see cref="TokenKey"/>. When WeCom calls the token invalid or
/// expired, invalidates exactly that value and resends once with a fresh token; a second token error propagates.
/// Requests without a key (get_provider_token, get_suite_token) pass through untouched.
/// The provider is resolved on first use, not at construction: fetching a corp token goes through this very client
/// (provider → token source → service API → this handler), so a constructor dependency would be a cycle.
/// </summary>
public sealed class AccessTokenHandler(IServiceProvider services) : DelegatingHandler
{
    private IAccessTokenProvider? _tokens;

    /// <summary>What stands in the query string for the token once the request is no longer on the wire.</summary>
    internal const string Masked = "***";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.GetTokenKey() is not { } key || request.RequestUri is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (request.Content is not null)
        {
            // Make the body re-sendable for the resend below and for the retries above.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var tokens = _tokens ??= services.GetRequiredService<IAccessTokenProvider>();
        var token = await tokens.GetAsync(key, cancellationToken);
        try
        {
            return await SendWithTokenAsync(request, key, token, cancellationToken);
        }
        catch (WeComApiException e) when (e.Kind == WeComErrorKind.TokenInvalid)
        {
            await tokens.InvalidateAsync(key, token.Value, cancellationToken);
        }

        var fresh = await tokens.GetAsync(key, cancellationToken);
        return await SendWithTokenAsync(request, key, fresh, cancellationToken);
    }

    /// <summary>
    /// The token is in the URI only while the request is on the wire: afterwards it is masked, so nothing that reads
    /// the request later (Refit's exceptions, logs, telemetry) can leak it.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, TokenKey key, AccessToken token, CancellationToken cancellationToken)
    {
        var name = key.Kind.QueryName();
        request.RequestUri = WeComRequest.WithQueryParameter(request.RequestUri!, name, token.Value);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.RequestUri = WeComRequest.WithQueryParameter(request.RequestUri!, name, Masked);
        }
    }
}
