using MassTransit;
using WeComGateway.Automation;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// Every event that changes what the gateway knows of a customer, on one queue (<c>customer-automation</c>): apply
/// it (<see cref="CustomerAutomation"/>), then publish what happened — stage moves, segments entered, customers lost.
/// Publishes go out only when the consume succeeds (in-memory outbox).
/// </summary>
public sealed class CustomerAutomationConsumer(CustomerAutomation automation, TimeProvider time) :
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
    public Task Consume(ConsumeContext<ExternalContactAdded> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactHalfAdded> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactEdited> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactDeletedByEmployee> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<ExternalContactDeletedByCustomer> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<GroupChatMemberJoined> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message).ToArray());

    public Task Consume(ConsumeContext<GroupChatMemberLeft> context) => ApplyAsync(context, context.Message.SuiteId, CustomerEventMapper.From(context.Message).ToArray());

    public Task Consume(ConsumeContext<CustomerPurchaseRecorded> context) => ApplyAsync(context, null, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<CustomerMembershipChanged> context) => ApplyAsync(context, null, CustomerEventMapper.From(context.Message));

    public Task Consume(ConsumeContext<CustomerReevaluationRequested> context) => ApplyAsync(context, null, CustomerEventMapper.From(context.Message));

    private async Task ApplyAsync(ConsumeContext context, string? suiteId, params AutomationEvent[] events)
    {
        foreach (var e in events)
        {
            if (await automation.ProcessAsync(e, suiteId, context.CancellationToken) is { } decision)
            {
                await PublishAsync(context, e, decision);
            }
        }
    }

    private async Task PublishAsync(ConsumeContext context, AutomationEvent e, AutomationDecision decision)
    {
        var now = time.GetUtcNow();
        if (decision.StageChange is { } move)
        {
            await context.Publish(new LifecycleStageChanged
            {
                CorpId = e.CorpId,
                ExternalUserId = e.ExternalUserId,
                From = move.From,
                To = move.To,
                Reason = move.Reason,
                At = now,
            }, context.CancellationToken);
        }

        foreach (var entered in decision.SegmentsEntered)
        {
            await context.Publish(new CustomerSegmentEntered
            {
                CorpId = e.CorpId,
                ExternalUserId = e.ExternalUserId,
                Segment = entered.Segment,
                RuleId = entered.RuleId,
                At = now,
            }, context.CancellationToken);
        }

        if (decision.CustomerLost)
        {
            await context.Publish(new CustomerLost
            {
                CorpId = e.CorpId,
                ExternalUserId = e.ExternalUserId,
                UserId = e.UserId ?? string.Empty,
                PreviousStage = decision.StageChange?.From,
                At = e.OccurredAt,
            }, context.CancellationToken);
        }
    }
}
