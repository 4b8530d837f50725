using MassTransit;
using WeComGateway.Automation;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// Every event that changes what the gateway knows of a customer, on one queue (<c>customer-automation</c>): apply
/// it (<see cref="CustomerAutomation"/>), which mirrors the tags into WeCom and publishes what happened — stage moves,
/// segments entered, customers lost.
/// </summary>
internal sealed class CustomerAutomationConsumer(CustomerAutomation automation) :
    IConsumer<ExternalContactAdded>,
    IConsumer<ExternalContactHalfAdded>,
    IConsumer<ExternalContactEdited>,
    IConsumer<ExternalContactDeletedByEmployee>,
    IConsumer<ExternalContactDeletedByCustomer>,
    IConsumer<GroupChatMemberJoined>,
    IConsumer<GroupChatMemberLeft>,
    IConsumer<CustomerPurchaseRecorded>,
    IConsumer<CustomerMembershipChanged>,
    IConsumer<CustomerReevaluationRequested>
{
    public Task Consume(ConsumeContext<ExternalContactAdded> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactHalfAdded> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactEdited> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactDeletedByEmployee> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactDeletedByCustomer> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<GroupChatMemberJoined> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message).ToArray());

    public Task Consume(ConsumeContext<GroupChatMemberLeft> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message).ToArray());

    public Task Consume(ConsumeContext<CustomerPurchaseRecorded> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<CustomerMembershipChanged> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<CustomerReevaluationRequested> context) => ApplyAsync(context, CustomerEventMapper.From(context.Message));

    private async Task ApplyAsync(ConsumeContext context, params AutomationEvent[] events)
    {
        foreach (var e in events)
        {
            await automation.ProcessAsync(e, context.CancellationToken);
        }
    }
}
