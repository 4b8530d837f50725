using MassTransit;
using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Publishing;
using WeComGateway.Workers.Tags;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// Carries out <see cref="PendingEffects"/> once they are stored: the tag change in one mark_tag (tag ids resolved,
/// missing tags created), then the events, published straight to the broker. They do not wait for the consume to
/// end (the endpoint's in-memory outbox) because the stored effects are the outbox: they are removed only after
/// this returned, and a repeat publishes each event with the same message id, so subscribers can drop the copy.
/// </summary>
internal sealed class CustomerEffects(CorpTagDirectory tags, IWeComExternalContactApi api, IBus bus, CustomerRemarkWriter remarks, WorkerMetrics metrics)
{
    /// <param name="facts">The facts as stored now: only the part of the tag change they still want is made.</param>
    /// <returns>Tags to add that WeCom does not have and would not be given (<see cref="CorpTagDirectory"/>): not applied.</returns>
    public async Task<IReadOnlyList<TagRef>> CarryOutAsync(CustomerFacts facts, PendingEffects effects, CancellationToken cancellationToken)
    {
        IReadOnlyList<TagRef> notCreated = [];
        if (effects.Tags?.StillWantedBy(facts) is { IsEmpty: false } change)
        {
            notCreated = await MarkTagAsync(facts, change, cancellationToken);
        }

        if (effects.Remark is { } remark)
        {
            if (remark.StillWantedBy(facts))
            {
                await remarks.WriteAsync(facts.CorpId, facts.ExternalUserId, remark, cancellationToken);
            }
            else
            {
                metrics.RemarkWrite("superseded");
            }
        }

        if (effects.StageChanged is { } moved)
        {
            await PublishAsync(moved, facts, effects, "stage", cancellationToken);
        }

        foreach (var entered in effects.SegmentsEntered)
        {
            await PublishAsync(entered, facts, effects, "segment:" + entered.Segment, cancellationToken);
        }

        if (effects.Lost is { } lost)
        {
            await PublishAsync(lost, facts, effects, "lost", cancellationToken);
        }

        return notCreated;
    }

    private async Task<IReadOnlyList<TagRef>> MarkTagAsync(CustomerFacts facts, PendingTagChange change, CancellationToken cancellationToken)
    {
        var resolved = await tags.ResolveAsync(change.SuiteId, facts.CorpId, change.Add, change.Remove, cancellationToken);
        if (resolved.Add.Count > 0 || resolved.Remove.Count > 0)
        {
            await api.MarkTagAsync(
                new MarkTagRequest(change.Employee, facts.ExternalUserId)
                {
                    AddTag = resolved.Add.Count > 0 ? resolved.Add : null,
                    RemoveTag = resolved.Remove.Count > 0 ? resolved.Remove : null,
                },
                TokenKey.Corp(change.SuiteId, facts.CorpId),
                cancellationToken);
        }

        return resolved.NotCreated;
    }

    private Task PublishAsync<T>(T message, CustomerFacts facts, PendingEffects effects, string what, CancellationToken cancellationToken)
        where T : class
    {
        var messageId = MessageIdOf(facts.CorpId, facts.ExternalUserId, effects.EventKey, what);
        return bus.Publish(message, context => context.MessageId = messageId, cancellationToken);
    }

    /// <summary>The same for every publish of one effect of one event: a repeat is recognisable by its message id.</summary>
    internal static Guid MessageIdOf(string corpId, string externalUserId, string eventKey, string what)
        => FactMessageIds.Of(corpId, externalUserId, eventKey, what);
}
