using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Leads;

/// <summary>
/// The lead pool on its own queue (<c>lead-pool</c>): imports are assigned at once, assignments are reminded, adds and
/// edits (the employee may type the phone into the remark after adding) are matched against the corp's leads.
/// </summary>
internal sealed class LeadPoolConsumer(LeadPool pool, LeadReminder reminder, LeadMatcher matcher) :
    IConsumer<LeadsImported>,
    IConsumer<LeadAssigned>,
    IConsumer<ExternalContactAdded>,
    IConsumer<ExternalContactEdited>
{
    public Task Consume(ConsumeContext<LeadsImported> context) =>
        pool.AssignWaitingAsync(context.Message.CorpId, context, context.CancellationToken);

    public Task Consume(ConsumeContext<LeadAssigned> context) =>
        reminder.RemindAsync(context.Message, (context.MessageId ?? NewId.NextGuid()).ToString("N"), context.CancellationToken);

    public Task Consume(ConsumeContext<ExternalContactAdded> context) =>
        context.Message.CorpId is { } corpId
            ? matcher.MatchAsync(corpId, context.Message.UserId, context.Message.ExternalUserId, context.Message.State, context, context.CancellationToken)
            : Task.CompletedTask;

    public Task Consume(ConsumeContext<ExternalContactEdited> context) =>
        context.Message.CorpId is { } corpId
            ? matcher.MatchAsync(corpId, context.Message.UserId, context.Message.ExternalUserId, state: null, context, context.CancellationToken)
            : Task.CompletedTask;
}
