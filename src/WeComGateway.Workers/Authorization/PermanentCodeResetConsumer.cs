using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Authorization;

/// <summary>
/// <c>reset_permanent_code</c> (代开发: the permanent code is the app secret): exchange the auth code for the new code
/// (get_permanent_code, as for an install), replace the stored one, drop the corp token made with the old one, and
/// publish <see cref="CorpAuthorized"/> with reason <c>reset</c>. The event carries no corp: it comes from WeCom's answer.
/// </summary>
internal sealed class PermanentCodeResetConsumer(
    PermanentCodeExchange exchange,
    ITokenStore tokenStore,
    IAccessTokenProvider tokens,
    ILogger<PermanentCodeResetConsumer> logger) : IConsumer<PermanentCodeReset>
{
    public async Task Consume(ConsumeContext<PermanentCodeReset> context)
    {
        var message = context.Message;
        var (authorization, alreadyExchanged) = await exchange.ExchangeAsync(message.SuiteId, message.AuthCode, context.CancellationToken);
        if (message.CorpId is { } eventCorp && eventCorp != authorization.CorpId)
        {
            logger.LogWarning("reset_permanent_code named corp {EventCorpId}, WeCom answered for {CorpId}: using WeCom's", eventCorp, authorization.CorpId);
        }

        await DropCorpTokenAsync(TokenKey.Corp(authorization.SuiteId, authorization.CorpId), context.CancellationToken);

        logger.LogInformation(
            "Permanent code of corp {CorpId} (suite {SuiteId}) replaced{Redelivery}",
            authorization.CorpId, authorization.SuiteId, alreadyExchanged ? " (redelivery: already stored)" : string.Empty);
        await context.Publish(new CorpAuthorized
        {
            SuiteId = authorization.SuiteId,
            CorpId = authorization.CorpId,
            CorpName = authorization.CorpName,
            AuthorizedAt = authorization.AuthorizedAt,
            Reason = CorpAuthorizedReasons.Reset,
        }, context.CancellationToken);
    }

    /// <summary>The cached token was made with the old secret; compare-and-delete it through the provider.</summary>
    private async Task DropCorpTokenAsync(TokenKey key, CancellationToken cancellationToken)
    {
        if (await tokenStore.GetAsync(key.CacheKey, cancellationToken) is { } cached)
        {
            await tokens.InvalidateAsync(key, cached.Value, cancellationToken);
        }
    }
}
