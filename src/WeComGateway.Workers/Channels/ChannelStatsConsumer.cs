using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.Channels;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Channels;

/// <summary>
/// Channel statistics, on their own queue (<c>channel-stats</c>): every add and delete is counted once in the store
/// (the "counted before?" check and the counts in one script, so redeliveries, duplicates and any order give exact
/// counts), then <see cref="ChannelStatsUpdated"/> is published with the day's totals of each channel state it changed
/// (again on a redelivery: the totals are absolute). Deletes after a transfer between employees (在职继承,
/// <c>DELETE_BY_TRANSFER</c>) are not losses and are not counted.
/// </summary>
internal sealed partial class ChannelStatsConsumer(
    IChannelStatsStore stats,
    IChannelStore channels,
    IOptions<ChannelOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<ChannelStatsConsumer> logger) :
    IConsumer<ExternalContactAdded>,
    IConsumer<ExternalContactDeletedByCustomer>,
    IConsumer<ExternalContactDeletedByEmployee>
{
    public const string TransferSource = "DELETE_BY_TRANSFER";

    public Task Consume(ConsumeContext<ExternalContactAdded> context) =>
        CountAsync(context, ChannelEventKind.Added, context.Message.UserId, context.Message.ExternalUserId, context.Message.State);

    public Task Consume(ConsumeContext<ExternalContactDeletedByCustomer> context) =>
        CountAsync(context, ChannelEventKind.DeletedByCustomer, context.Message.UserId, context.Message.ExternalUserId, null);

    public Task Consume(ConsumeContext<ExternalContactDeletedByEmployee> context)
    {
        if (string.Equals(context.Message.Source, TransferSource, StringComparison.Ordinal))
        {
            metrics.ChannelStatsEvent("deleted_by_employee", "transfer_skipped");
            return Task.CompletedTask;
        }

        return CountAsync(context, ChannelEventKind.DeletedByEmployee, context.Message.UserId, context.Message.ExternalUserId, null);
    }

    private async Task CountAsync<T>(ConsumeContext<T> context, ChannelEventKind kind, string userId, string externalUserId, string? state)
        where T : WeComCallbackEvent
    {
        var message = context.Message;
        if (message.CorpId is not { } corpId)
        {
            return;
        }

        var e = new ChannelStatsEvent(kind, message.DedupeKey, userId, externalUserId, state, message.EventTime, ChannelDays.Of(message.EventTime, options.Value.Zone));
        var result = await stats.RecordAsync(corpId, e, context.CancellationToken);
        metrics.ChannelStatsEvent(KindName(kind), result.Outcome switch
        {
            ChannelStatsOutcome.Counted => "counted",
            ChannelStatsOutcome.AlreadyCounted => "already_counted",
            _ => "not_authorized",
        });
        if (result.Outcome == ChannelStatsOutcome.NotAuthorized)
        {
            LogNotAuthorized(corpId, KindName(kind));
            return;
        }

        LogCounted(corpId, KindName(kind), message.DedupeKey, result.Outcome == ChannelStatsOutcome.AlreadyCounted, result.Touched.Count);
        foreach (var day in result.Touched)
        {
            if (ChannelBuckets.StateOf(day.Bucket) is not { } touchedState)
            {
                continue; // no state, or a delete whose add is not known yet: no channel to report on
            }

            var channel = await channels.FindByStateAsync(corpId, touchedState, context.CancellationToken);
            var totals = day.Totals;
            await context.Publish(new ChannelStatsUpdated
            {
                CorpId = corpId,
                State = touchedState,
                ChannelId = channel?.Id,
                ChannelName = channel?.Name,
                Day = day.Day,
                Adds = totals.Adds,
                FirstAdds = totals.FirstAdds,
                ReAdds = totals.ReAdds,
                DeletedByCustomer = totals.DeletedByCustomer,
                DeletedByEmployee = totals.DeletedByEmployee,
                Lost = totals.Lost,
                NetRetained = totals.NetRetained,
                EventKey = message.DedupeKey,
                At = time.GetUtcNow(),
            }, context.CancellationToken);
        }
    }

    private static string KindName(ChannelEventKind kind) => kind switch
    {
        ChannelEventKind.Added => "added",
        ChannelEventKind.DeletedByCustomer => "deleted_by_customer",
        _ => "deleted_by_employee",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId}: {Kind} {EventKey} counted (before: {Before}), {Buckets} channel days changed")]
    private partial void LogCounted(string corpId, string kind, string eventKey, bool before, int buckets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: {Kind} not counted, the corp holds no grant")]
    private partial void LogNotAuthorized(string corpId, string kind);
}
