using Refit;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Service;

/// <summary>The provider (服务商) APIs under <c>/cgi-bin/service/</c>: tokens and authorizations.</summary>
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

    [Post("/cgi-bin/service/get_corp_token")]
    Task<CorpTokenResponse> GetCorpTokenAsync(
        [Body] CorpTokenRequest request, [Property(WeComRequestOptions.Token)] TokenKey suiteToken, CancellationToken cancellationToken = default);
}
