using MassTransit;
using Microsoft.Extensions.Logging;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Authorization;

/// <summary><c>create_auth</c>: exchange the auth code, store the permanent code encrypted, publish <see cref="CorpAuthorized"/>.</summary>
internal sealed class AuthorizationCreatedConsumer(PermanentCodeExchange exchange, ILogger<AuthorizationCreatedConsumer> logger)
    : IConsumer<AuthorizationCreated>
{
    public async Task Consume(ConsumeContext<AuthorizationCreated> context)
    {
        var message = context.Message;
        var (authorization, alreadyExchanged) = await exchange.ExchangeAsync(message.SuiteId, message.AuthCode, context.CancellationToken);

        logger.LogInformation(
            "Corp {CorpId} authorized suite {SuiteId}{Redelivery}",
            authorization.CorpId, authorization.SuiteId, alreadyExchanged ? " (redelivery: already stored)" : string.Empty);
        await context.Publish(new CorpAuthorized
        {
            SuiteId = authorization.SuiteId,
            CorpId = authorization.CorpId,
            CorpName = authorization.CorpName,
            AuthorizedAt = authorization.AuthorizedAt,
            Reason = CorpAuthorizedReasons.Created,
        }, context.CancellationToken);
    }
}
