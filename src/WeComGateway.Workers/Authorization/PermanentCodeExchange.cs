using Microsoft.Extensions.Logging;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Authorization;

/// <summary>The stored authorization after an exchange; <see cref="AlreadyExchanged"/> when a redelivery found the work done.</summary>
internal sealed record ExchangeOutcome(CorpAuthorization Authorization, bool AlreadyExchanged);

/// <summary>
/// Exchanges a single-use auth code (create_auth, reset_permanent_code) for the permanent code and stores it
/// encrypted. Idempotent: when WeCom rejects the code as used (40078) and the ledger shows it was exchanged here for a
/// corp whose authorization of this suite is stored, the stored one is the outcome.
/// </summary>
internal sealed class PermanentCodeExchange(
    IWeComServiceApi api,
    IAuthorizationStore store,
    IAuthCodeLedger ledger,
    TimeProvider time,
    ILogger<PermanentCodeExchange> logger)
{
    /// <summary>WeCom: invalid auth_code (expired, or already used: it is single-use).</summary>
    public const int InvalidAuthCode = 40078;

    private static readonly TimeSpan[] SaveRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public async Task<ExchangeOutcome> ExchangeAsync(string suiteId, string authCode, CancellationToken cancellationToken)
    {
        PermanentCodeResponse answer;
        try
        {
            answer = await api.GetPermanentCodeAsync(new PermanentCodeRequest(authCode), TokenKey.Suite(suiteId), cancellationToken);
        }
        catch (WeComApiException e) when (e.ErrCode == InvalidAuthCode)
        {
            if (await FindExchangedAsync(suiteId, authCode, cancellationToken) is { } stored)
            {
                return new ExchangeOutcome(stored, AlreadyExchanged: true);
            }

            throw;
        }

        if (answer.AuthCorpInfo is not { CorpId.Length: > 0 } corp)
        {
            throw new IncompleteWeComAnswerException("service/get_permanent_code", suiteId, "auth_corp_info.corpid");
        }

        if (string.IsNullOrEmpty(answer.PermanentCode))
        {
            throw new IncompleteWeComAnswerException("service/get_permanent_code", suiteId, "permanent_code");
        }

        var authorization = new CorpAuthorization(
            corp.CorpId, suiteId, answer.PermanentCode, corp.CorpName, time.GetUtcNow(), AgentId: answer.AuthInfo?.Agents.FirstOrDefault()?.AgentId);
        await PersistAsync(authorization, authCode, cancellationToken);
        return new ExchangeOutcome(authorization, AlreadyExchanged: false);
    }

    private async Task<CorpAuthorization?> FindExchangedAsync(string suiteId, string authCode, CancellationToken cancellationToken)
    {
        if (await ledger.FindCorpAsync(authCode, cancellationToken) is not { } corpId)
        {
            return null;
        }

        return await store.GetAsync(corpId, suiteId, cancellationToken);
    }

    /// <summary>
    /// The auth code is spent once WeCom answered: a redelivery cannot fetch the permanent code again. So a short
    /// Redis outage is ridden out here, in process, before giving up.
    /// </summary>
    private async Task PersistAsync(CorpAuthorization authorization, string authCode, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.SaveAsync(authorization, cancellationToken);
                await ledger.RecordAsync(authCode, authorization.CorpId, cancellationToken);
                return;
            }
            catch (StoreUnavailableException e) when (attempt < SaveRetryDelays.Length)
            {
                logger.LogWarning(e, "Storing the permanent code of corp {CorpId} failed (attempt {Attempt}); retrying", authorization.CorpId, attempt + 1);
                await Task.Delay(SaveRetryDelays[attempt], time, cancellationToken);
            }
            catch (StoreUnavailableException e)
            {
                logger.LogError(e, "The permanent code of corp {CorpId} (suite {SuiteId}) was obtained but could not be stored: the corp must re-authorize",
                    authorization.CorpId, authorization.SuiteId);
                throw;
            }
        }
    }
}
