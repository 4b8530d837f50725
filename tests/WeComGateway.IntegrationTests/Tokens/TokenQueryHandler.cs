using System.Text.Json;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>
/// Test-only stand-in for the access-token handler: puts the token named by the [Property] into the query. With
/// <paramref name="throwOnErrcode"/> it also plays the errcode handler, throwing <see cref="WeComApiException"/>.
/// </summary>
internal sealed class TokenQueryHandler(Func<IAccessTokenProvider> tokens, bool throwOnErrcode) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(new HttpRequestOptionsKey<TokenKey>(WeComRequestOptions.Token), out var key))
        {
            var token = await tokens().GetAsync(key, cancellationToken);
            var name = key.Kind switch
            {
                TokenKind.Provider => "provider_access_token",
                TokenKind.Suite => "suite_access_token",
                _ => "access_token",
            };
            var uri = request.RequestUri!;
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            request.RequestUri = new Uri($"{uri}{separator}{name}={Uri.EscapeDataString(token.Value)}");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (throwOnErrcode)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (body.RootElement.TryGetProperty("errcode", out var errcode) && errcode.GetInt32() is var code and not 0)
            {
                var kind = code is 40084 or 48004 ? WeComErrorKind.AuthorizationRevoked : WeComErrorKind.Permanent;
                throw WeComApiException.Create(code, body.RootElement.GetProperty("errmsg").GetString(), request.RequestUri!.AbsolutePath, null, kind);
            }
        }

        return response;
    }
}
