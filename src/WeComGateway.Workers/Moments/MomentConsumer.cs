using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Moments;

/// <summary>
/// Customer moments on their own queue (<c>moment</c>): a moment stored through the admin API gets its WeCom task at
/// once rather than at the scheduler's next pass. Redeliveries find the task created (the moment's claim).
/// </summary>
internal sealed class MomentConsumer(MomentPublisher publisher) : IConsumer<MomentRequested>
{
    public Task Consume(ConsumeContext<MomentRequested> context) =>
        publisher.RequestedAsync(context.Message.CorpId, context.Message.MomentId, context, (context.MessageId ?? NewId.NextGuid()).ToString("N"), context.CancellationToken);
}
