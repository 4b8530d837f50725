using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Fission;

/// <summary>Adds and customer deletes for the fission campaigns, on their own queue (<c>fission</c>).</summary>
internal sealed class FissionConsumer(FissionCrediting crediting) :
    IConsumer<ExternalContactAdded>,
    IConsumer<ExternalContactDeletedByCustomer>
{
    public Task Consume(ConsumeContext<ExternalContactAdded> context) => crediting.AddedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<ExternalContactDeletedByCustomer> context) => crediting.DeletedAsync(context.Message, context.CancellationToken);
}
