using MassTransit;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Backfill;

/// <summary>
/// The existing-customer backfill, on its own queue (<c>customer-backfill</c>) so hours of paging never hold up the
/// customer events: after an installation (<see cref="CorpAuthorized"/> with reason <c>created</c>, unless the corp was
/// backfilled already) and on request (<see cref="CustomerBackfillRequested"/>, always). The message id is the run:
/// a redelivery resumes its own run from the stored cursor.
/// </summary>
internal sealed class CustomerBackfillConsumer(CustomerBackfill backfill, IOptions<BackfillOptions> options) :
    IConsumer<CorpAuthorized>,
    IConsumer<CustomerBackfillRequested>
{
    public async Task Consume(ConsumeContext<CorpAuthorized> context)
    {
        if (context.Message.Reason == CorpAuthorizedReasons.Created && options.Value.OnInstall)
        {
            await backfill.RunAsync(context.Message.CorpId, RunId(context), again: false, context.CancellationToken);
        }
    }

    public Task Consume(ConsumeContext<CustomerBackfillRequested> context) =>
        backfill.RunAsync(context.Message.CorpId, RunId(context), again: true, context.CancellationToken);

    private static string RunId(ConsumeContext context) =>
        (context.MessageId ?? throw new InvalidOperationException("A backfill request needs a message id (its run id)")).ToString("N");
}

/// <summary>
/// Few corps at once per worker (<c>Backfill:ConcurrentCorps</c>): each run holds its message for as long as its corp
/// takes, so no more are prefetched than are worked on, and another worker takes the next corp.
/// </summary>
internal sealed class CustomerBackfillConsumerDefinition : ConsumerDefinition<CustomerBackfillConsumer>
{
    public CustomerBackfillConsumerDefinition(IOptions<BackfillOptions> options)
    {
        ConcurrentMessageLimit = options.Value.ConcurrentCorps;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CustomerBackfillConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = ConcurrentMessageLimit ?? 1;
        }
    }
}
