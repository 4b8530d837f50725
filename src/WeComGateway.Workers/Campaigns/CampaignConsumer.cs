using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Campaigns;

/// <summary>Campaign steps, on their own queue (<c>campaign</c>): whatever the campaign's state calls for, once.</summary>
internal sealed class CampaignConsumer(CampaignRunner runner) : IConsumer<CampaignDue>
{
    public Task Consume(ConsumeContext<CampaignDue> context) =>
        runner.RunAsync(context.Message.CorpId, context.Message.CampaignId, context, context.CancellationToken);
}
