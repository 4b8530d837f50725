using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using WeComGateway.Configuration;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.Tokens;

/// <summary>
/// Fetches new tokens from WeCom: get_provider_token, get_suite_token (with the newest suite_ticket) and a corp token
/// with the grant's permanent code — get_corp_token for a third-party suite, gettoken(corpid, permanent code) for a
/// 代开发 template (<see cref="SuiteKind.CustomApp"/>). Refuses, without calling WeCom, what WeCom would refuse: a
/// stale or missing ticket, a corp with no grant of the suite or an inactive one. An answer saying the permanent code
/// is no longer accepted marks that grant inactive (the corp's other grants are untouched).
/// </summary>
public sealed partial class WeComTokenSource(
    IWeComServiceApi api,
    ISuiteTicketStore tickets,
    IAuthorizationStore authorizations,
    IOptions<WeComOptions> credentials,
    IOptions<TokenOptions> options,
    TimeProvider time,
    ILogger<WeComTokenSource> logger) : ITokenSource
{
    public Task<AccessToken> FetchAsync(TokenKey key, CancellationToken cancellationToken) => key.Kind switch
    {
        TokenKind.Provider => FetchProviderTokenAsync(key, cancellationToken),
        TokenKind.Suite => FetchSuiteTokenAsync(key, cancellationToken),
        TokenKind.Corp => FetchCorpTokenAsync(key, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key.Kind, null),
    };

    private async Task<AccessToken> FetchProviderTokenAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var config = credentials.Value;
        if (string.IsNullOrEmpty(config.ProviderCorpId) || string.IsNullOrEmpty(config.ProviderSecret))
        {
            throw new TokenConfigurationException(key, "get_provider_token", "WeCom:ProviderCorpId or WeCom:ProviderSecret");
        }

        var response = await CallAsync(() => api.GetProviderTokenAsync(new ProviderTokenRequest(config.ProviderCorpId, config.ProviderSecret), cancellationToken));
        ThrowIfFailed(response, "get_provider_token", null);
        return Issued(response.ProviderAccessToken, response.ExpiresIn, "get_provider_token", null);
    }

    private async Task<AccessToken> FetchSuiteTokenAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var suiteId = key.SuiteId ?? throw new ArgumentException("A suite token key needs a suite id", nameof(key));
        var secret = credentials.Value.Suites.FirstOrDefault(s => s.SuiteId == suiteId)?.SuiteSecret;
        if (string.IsNullOrEmpty(secret))
        {
            throw new TokenConfigurationException(key, "get_suite_token", $"WeCom:Suites:{{i}}:SuiteSecret for suite {suiteId}");
        }

        var maxAge = options.Value.SuiteTicketMaxAge;
        var ticket = await tickets.GetAsync(suiteId, cancellationToken);
        if (ticket is null)
        {
            LogTicketUnusable(suiteId, null);
            throw new SuiteTicketUnavailableException(suiteId, null, maxAge);
        }

        var age = time.GetUtcNow() - ticket.EventTime;
        if (age > maxAge)
        {
            LogTicketUnusable(suiteId, (int)age.TotalMinutes);
            throw new SuiteTicketUnavailableException(suiteId, age, maxAge);
        }

        var response = await CallAsync(() => api.GetSuiteTokenAsync(new SuiteTokenRequest(suiteId, secret, ticket.Ticket), cancellationToken));
        if (response.ErrCode == 40085)
        {
            LogTicketUnusable(suiteId, (int)age.TotalMinutes);
            throw new SuiteTicketUnavailableException(suiteId, age, maxAge);
        }

        ThrowIfFailed(response, "get_suite_token", null);
        return Issued(response.SuiteAccessToken, response.ExpiresIn, "get_suite_token", null);
    }

    private async Task<AccessToken> FetchCorpTokenAsync(TokenKey key, CancellationToken cancellationToken)
    {
        var suiteId = key.SuiteId ?? throw new ArgumentException("A corp token key needs a suite id", nameof(key));
        var corpId = key.CorpId ?? throw new ArgumentException("A corp token key needs a corp id", nameof(key));
        var authorization = await authorizations.GetAsync(corpId, suiteId, cancellationToken) ?? throw new CorpNotAuthorizedException(suiteId, corpId);
        if (!authorization.Active)
        {
            throw new CorpInactiveException(suiteId, corpId, authorization.InactiveReason);
        }

        var customApp = credentials.Value.Suite(suiteId)?.Kind == SuiteKind.CustomApp;
        var apiName = customApp ? "gettoken" : "get_corp_token";
        CorpTokenResponse response;
        try
        {
            response = customApp
                ? await CallAsync(() => api.GetTokenAsync(corpId, authorization.PermanentCode, key, cancellationToken))
                : await CallAsync(() => api.GetCorpTokenAsync(
                    new CorpTokenRequest(corpId, authorization.PermanentCode), TokenKey.Suite(suiteId), cancellationToken));
        }
        catch (WeComApiException ex) when (IsRevocation(ex.ErrCode, customApp))
        {
            throw await DeactivateAsync(suiteId, corpId, apiName, ex.ErrCode, cancellationToken);
        }

        if (IsRevocation(response.ErrCode, customApp))
        {
            throw await DeactivateAsync(suiteId, corpId, apiName, response.ErrCode, cancellationToken);
        }

        ThrowIfFailed(response, apiName, corpId);
        return Issued(response.AccessToken, response.ExpiresIn, apiName, corpId);
    }

    private async Task<CorpInactiveException> DeactivateAsync(string suiteId, string corpId, string apiName, int errCode, CancellationToken cancellationToken)
    {
        var reason = $"WeCom answered {errCode} to {apiName} at {time.GetUtcNow():O}: permanent code no longer accepted";
        await authorizations.MarkInactiveAsync(corpId, suiteId, reason, cancellationToken);
        LogCorpRevoked(corpId, suiteId, apiName, errCode);
        return new CorpInactiveException(suiteId, corpId, reason, errCode);
    }

    private AccessToken Issued(string? token, int expiresIn, string api, string? corpId)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw WeComApiException.Create(0, "answer without a token", api, corpId, WeComErrorKind.Transient);
        }

        var lifetime = TimeSpan.FromSeconds(expiresIn > 0 ? expiresIn : 7200);
        return new AccessToken(token, time.GetUtcNow() + lifetime);
    }

    /// <summary>The token APIs may run without the errcode handler, so their answers are checked here too.</summary>
    private static void ThrowIfFailed(WeComResponse response, string api, string? corpId)
    {
        if (response.ErrCode != 0)
        {
            throw WeComApiException.FromErrCode(response.ErrCode, response.ErrMsg, api, corpId);
        }
    }

    /// <summary>
    /// Refit wraps what a handler throws (the errcode handler's <see cref="WeComApiException"/>, the suite token's
    /// <see cref="SuiteTicketUnavailableException"/> behind get_corp_token) in <see cref="ApiRequestException"/>:
    /// callers get the typed error itself.
    /// </summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiRequestException ex) when (ex.InnerException is WeComApiException typed)
        {
            ExceptionDispatchInfo.Capture(typed).Throw();
            throw; // unreachable
        }
    }

    /// <summary>
    /// The grant's permanent code is refused: 40084 / 48004 from get_corp_token; from gettoken also 40001 (invalid
    /// secret), since a 代开发 grant's secret is its permanent code and WeCom refuses it once the corp removed the app or
    /// reset the secret (reset_permanent_code then brings the new one). Calling again with it only risks an IP ban.
    /// </summary>
    private static bool IsRevocation(int errCode, bool customApp) =>
        errCode is WeComErrorCodes.InvalidPermanentCode or WeComErrorCodes.AuthorizationInvalid
        || (customApp && errCode == WeComErrorCodes.InvalidSecret);


    [LoggerMessage(Level = LogLevel.Error, Message = "Suite {SuiteId} has no usable suite_ticket (age {AgeMinutes} min); suite token unavailable, WeCom would answer 40085")]
    private partial void LogTicketUnusable(string suiteId, int? ageMinutes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Corp {CorpId}: the grant of suite {SuiteId} is refused, {Api} answered {ErrCode}; that grant is marked inactive and its calls stop")]
    private partial void LogCorpRevoked(string corpId, string suiteId, string api, int errCode);
}
