using System.Collections.Concurrent;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>WeCom's provider APIs as the authorization worker sees them: auth codes are single-use, codes are checked.</summary>
public sealed class FakeWeComServiceApi : IWeComServiceApi
{
    private readonly ConcurrentDictionary<string, (string CorpId, string CorpName, string PermanentCode)> _authCodes = new();
    private readonly ConcurrentDictionary<string, byte> _usedAuthCodes = new();

    public ConcurrentQueue<(string Api, TokenKey Token)> Calls { get; } = new();

    /// <summary>Thrown, one per call, before anything else.</summary>
    public ConcurrentQueue<Exception> Failures { get; } = new();

    /// <summary>Permanent code WeCom accepts per corp (get_auth_info); others get 40084.</summary>
    public ConcurrentDictionary<string, string> AcceptedPermanentCodes { get; } = new();

    public string? CorpNameAfterChange { get; set; }

    public int CallCount(string api) => Calls.Count(c => c.Api == api);

    public void IssueAuthCode(string authCode, string corpId, string corpName, string permanentCode) =>
        _authCodes[authCode] = (corpId, corpName, permanentCode);

    public Task<PermanentCodeResponse> GetPermanentCodeAsync(PermanentCodeRequest request, TokenKey suiteToken, CancellationToken cancellationToken = default)
    {
        Record("service/get_permanent_code", suiteToken);
        if (!_authCodes.TryGetValue(request.AuthCode, out var grant) || !_usedAuthCodes.TryAdd(request.AuthCode, 0))
        {
            throw Error(40078, "invalid auth_code", "service/get_permanent_code", null);
        }

        AcceptedPermanentCodes[grant.CorpId] = grant.PermanentCode;
        return Task.FromResult(new PermanentCodeResponse
        {
            AccessToken = "corp-access-token-from-exchange",
            ExpiresIn = 7200,
            PermanentCode = grant.PermanentCode,
            AuthCorpInfo = new AuthCorpInfo { CorpId = grant.CorpId, CorpName = grant.CorpName },
        });
    }

    public Task<AuthInfoResponse> GetAuthInfoAsync(AuthInfoRequest request, TokenKey suiteToken, CancellationToken cancellationToken = default)
    {
        Record("service/get_auth_info", suiteToken);
        if (!AcceptedPermanentCodes.TryGetValue(request.AuthCorpId, out var accepted) || accepted != request.PermanentCode)
        {
            throw Error(40084, "invalid permanent_code", "service/get_auth_info", request.AuthCorpId);
        }

        return Task.FromResult(new AuthInfoResponse
        {
            AuthCorpInfo = new AuthCorpInfo { CorpId = request.AuthCorpId, CorpName = CorpNameAfterChange },
        });
    }

    public Task<ProviderTokenResponse> GetProviderTokenAsync(ProviderTokenRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the authorization worker never asks for a provider token");

    public Task<SuiteTokenResponse> GetSuiteTokenAsync(SuiteTokenRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the token provider fetches suite tokens, not the worker");

    public Task<CorpTokenResponse> GetCorpTokenAsync(CorpTokenRequest request, TokenKey suiteToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the token provider fetches corp tokens, not the worker");

    public static WeComApiException Error(int errCode, string errMsg, string api, string? corpId) =>
        WeComApiException.FromErrCode(errCode, errMsg, api, corpId);

    private void Record(string api, TokenKey token)
    {
        Calls.Enqueue((api, token));
        if (Failures.TryDequeue(out var failure))
        {
            throw failure;
        }
    }
}
