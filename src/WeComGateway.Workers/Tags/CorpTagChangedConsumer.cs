using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Tags;

/// <summary>change_external_tag: someone changed the corp's tags in WeCom; the cached tag list is dropped and read anew on next use.</summary>
internal sealed class CorpTagChangedConsumer(CorpTagDirectory directory) :
    IConsumer<CorpTagCreated>,
    IConsumer<CorpTagUpdated>,
    IConsumer<CorpTagDeleted>,
    IConsumer<CorpTagsReordered>
{
    public Task Consume(ConsumeContext<CorpTagCreated> context) => ForgetAsync(context, context.Message);

    public Task Consume(ConsumeContext<CorpTagUpdated> context) => ForgetAsync(context, context.Message);

    public Task Consume(ConsumeContext<CorpTagDeleted> context) => ForgetAsync(context, context.Message);

    public Task Consume(ConsumeContext<CorpTagsReordered> context) => ForgetAsync(context, context.Message);

    private Task ForgetAsync(ConsumeContext context, WeComCallbackEvent message) =>
        message.CorpId is { } corpId ? directory.InvalidateAsync(corpId, context.CancellationToken) : Task.CompletedTask;
}
