using MassTransit;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.StoreCodes;

/// <summary>
/// Counts what came through the corp's store codes and group codes, on its own queue (<c>store-code-counting</c>):
/// customers added with a store code's state (<c>st:{campaign}:{store}</c>, a code the gateway made), and members who
/// joined a chat of a join way the gateway made by scanning a group QR code (JoinScene 3). Each event counts once: the
/// "counted before?" check and the counts are one step in the store, keyed by the event's dedupe key.
/// </summary>
internal sealed partial class StoreCodeCountingConsumer(
    IStoreCodeStore store,
    IOptionsMonitor<StoreCodeOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<StoreCodeCountingConsumer> logger) :
    IConsumer<ExternalContactAdded>,
    IConsumer<GroupChatMemberJoined>
{
    /// <summary>WeCom's JoinScene for "scanned the group QR code".</summary>
    public const int ScannedQrCode = 3;

    public async Task Consume(ConsumeContext<ExternalContactAdded> context)
    {
        var added = context.Message;
        if (added.CorpId is not { } corpId || !StoreCodeIds.TryParseState(added.State, out var campaignId, out var storeId)
            || await store.GetCodeAsync(corpId, campaignId, storeId, context.CancellationToken) is null)
        {
            return;
        }

        var result = await store.CountOnceAsync(
            corpId, "add:" + added.DedupeKey, [StoreCodeCounters.Adds(campaignId, storeId)], 1, time.GetUtcNow(), options.CurrentValue.CountWindow, context.CancellationToken);
        metrics.StoreCodeCounted("add", Name(result.Outcome));
        LogCounted(corpId, "add", added.State!, Name(result.Outcome));
    }

    public async Task Consume(ConsumeContext<GroupChatMemberJoined> context)
    {
        var joined = context.Message;
        if (joined.CorpId is not { } corpId || joined.JoinScene != ScannedQrCode
            || await store.FindJoinWayByChatAsync(corpId, joined.ChatId, context.CancellationToken) is not { } way)
        {
            return;
        }

        var members = joined.MemberIds.Count > 0 ? joined.MemberIds.Count : Math.Max(1, joined.MemChangeCnt ?? 1);
        List<string> counters = [StoreCodeCounters.WayJoins(way.ConfigId)];
        if (way is { CampaignId: { } campaignId, StoreId: { } storeId })
        {
            counters.Add(StoreCodeCounters.Joins(campaignId, storeId));
        }

        var result = await store.CountOnceAsync(
            corpId, "join:" + joined.DedupeKey, counters, members, time.GetUtcNow(), options.CurrentValue.CountWindow, context.CancellationToken);
        metrics.StoreCodeCounted("join", Name(result.Outcome));
        LogCounted(corpId, "join", way.ConfigId, Name(result.Outcome));
        if (result.Outcome == CountOutcome.Counted)
        {
            await context.Publish(
                new GroupJoinCounted
                {
                    CorpId = corpId, ChatId = joined.ChatId, ConfigId = way.ConfigId, State = way.State, CampaignId = way.CampaignId, StoreId = way.StoreId,
                    Joined = members, MemberIds = joined.MemberIds, TotalJoins = result.Total, DedupeKey = joined.DedupeKey, EventTime = joined.EventTime,
                },
                context.CancellationToken);
        }
    }

    private static string Name(CountOutcome outcome) => outcome switch
    {
        CountOutcome.Counted => "counted",
        CountOutcome.Duplicate => "duplicate",
        _ => "not_authorized",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Store-code {Kind} of corp {CorpId} via {Code}: {Outcome}")]
    private partial void LogCounted(string corpId, string kind, string code, string outcome);
}
