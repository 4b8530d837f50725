using Refit;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Service;

/// <summary>The provider (服务商) APIs under <c>/cgi-bin/service/</c>, and <c>gettoken</c> for 代开发 grants: tokens and authorizations.</summary>
public interface IWeComServiceApi
{
    [Post("/cgi-bin/service/get_provider_token")]
    Task<ProviderTokenResponse> GetProviderTokenAsync([Body] ProviderTokenRequest request, CancellationToken cancellationToken = default);

    [Post("/cgi-bin/service/get_suite_token")]
    Task<SuiteTokenResponse> GetSuiteTokenAsync([Body] SuiteTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>v1: returns the corp info and agent list with the permanent code (v2 returns less).</summary>
    [Post("/cgi-bin/service/get_permanent_code")]
    Task<PermanentCodeResponse> GetPermanentCodeAsync(
        [Body] PermanentCodeRequest request, [Property(WeComRequestOptions.Token)] TokenKey suiteToken, CancellationToken cancellationToken = default);

    [Post("/cgi-bin/service/get_auth_info")]
    Task<AuthInfoResponse> GetAuthInfoAsync(
        [Body] AuthInfoRequest request, [Property(WeComRequestOptions.Token)] TokenKey suiteToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// A 代开发 grant's corp token: the self-built app's <c>gettoken</c> with the permanent code as <c>corpsecret</c>.
    /// The secret rides in the query string, as WeCom wants it; the HTTP client's logs and spans redact query strings.
    /// </summary>
    [Get("/cgi-bin/gettoken")]
    Task<CorpTokenResponse> GetTokenAsync(
        [AliasAs("corpid")] string corpId,
        [AliasAs("corpsecret")] string corpSecret,
        [Property(WeComRequestOptions.Grant)] TokenKey grant,
        CancellationToken cancellationToken = default);

    [Post("/cgi-bin/service/get_corp_token")]
    Task<CorpTokenResponse> GetCorpTokenAsync(
        [Body] CorpTokenRequest request, [Property(WeComRequestOptions.Token)] TokenKey suiteToken, CancellationToken cancellationToken = default);
}
