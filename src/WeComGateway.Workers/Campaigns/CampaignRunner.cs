using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Claims;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;
using WeComGateway.Workers.Publishing;
using WeComGateway.Workers.Welcome;

namespace WeComGateway.Workers.Campaigns;

/// <summary>
/// Runs a campaign's due step (docs/campaigns.md), safe to run again at any point and on several replicas at once:
/// <list type="bullet">
/// <item><b>send</b>: the plan is decided once (the first stored wins); each task is created under its own claim and
/// recorded before the claim is final, so a redelivered step, a retry or a second replica never creates a task twice;
/// then results are due;</item>
/// <item><b>track</b>: each member's part (get_groupmsg_task) and, once sent, each customer's result
/// (get_groupmsg_send_result) are read; final results are published once per customer; until every member sent or the
/// tracking time is over, the next read is due later each time;</item>
/// <item><b>finish</b>: <c>CampaignDelivered</c> with the final figures (for a cancelled campaign, after
/// cancel_groupmsg_send of the tasks not sent yet).</item>
/// </list>
/// Facts are published before the write that records them, with message ids fixed by what they report.
/// </summary>
internal sealed partial class CampaignRunner(
    ICampaignStore store,
    CampaignAudiences audiences,
    IClaimStore claims,
    IWeComExternalContactApi api,
    IMediaLibrary media,
    CorpGrantSelector grants,
    WorkerMetrics metrics,
    IOptions<CampaignOptions> options,
    TimeProvider time,
    ILogger<CampaignRunner> logger)
{
    /// <summary>How long a task's final claim is kept: longer than any campaign is tracked.</summary>
    private static readonly TimeSpan TaskClaimKept = TimeSpan.FromDays(40);

    /// <summary>How long a month's counts are kept after their last write: the month and a margin.</summary>
    private static readonly TimeSpan MonthKept = TimeSpan.FromDays(40);

    /// <summary>When another replica holds a task's claim, the step is due again after this.</summary>
    private static readonly TimeSpan InFlightRetry = TimeSpan.FromSeconds(30);

    private const int PageLimit = 1000;
    private const int MaxConflicts = 10;

    public async Task RunAsync(string corpId, string campaignId, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            if (await store.GetAsync(corpId, campaignId, cancellationToken) is not { } snapshot)
            {
                return; // gone with its corp
            }

            var campaign = snapshot.Campaign;
            var done = campaign.Status switch
            {
                CampaignStatuses.Scheduled or CampaignStatuses.Sending => await SendAsync(corpId, snapshot, publish, cancellationToken),
                CampaignStatuses.Tracking => await TrackAsync(corpId, snapshot, publish, cancellationToken),
                CampaignStatuses.Cancelled when campaign.FinishedAt is null => await FinishAsync(corpId, snapshot, "cancelled", publish, cancellationToken),
                _ => true,
            };
            if (done)
            {
                return;
            }
        }

        LogConflicts(corpId, campaignId);
    }

    /// <returns>False when the campaign changed meanwhile (decide again).</returns>
    private async Task<bool> SendAsync(string corpId, CampaignSnapshot snapshot, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var campaign = snapshot.Campaign;
        var now = time.GetUtcNow();
        if (campaign.Status == CampaignStatuses.Scheduled)
        {
            await store.TryUpdateAsync(corpId, campaign with { Status = CampaignStatuses.Sending }, snapshot.Version, now + options.Value.ClaimLease, cancellationToken);
            return false; // decide again: as sending, or as whatever changed it first (a cancel)
        }

        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            LogNotAuthorized(corpId, campaign.Id);
            return true; // uninstalled: cancel_auth removes the campaign
        }

        var plan = snapshot.Plan;
        if (plan is null)
        {
            var planned = await audiences.PlanAsync(corpId, CampaignDefinition.FromJson(campaign.Definition), cancellationToken);
            plan = await store.SavePlanAsync(corpId, campaign.Id, planned.Plan, cancellationToken);
            if (plan is null)
            {
                return true;
            }

            if (ReferenceEquals(plan, planned.Plan) || plan.PlannedAt == planned.Plan.PlannedAt)
            {
                metrics.CampaignCustomers("planned", plan.Tasks.Sum(t => t.ExternalUserIds.Count));
                metrics.CampaignCustomers("skipped_by_limit", plan.SkippedByLimit.Count);
            }
        }

        var tasks = new Dictionary<string, CampaignTask>(snapshot.Tasks, StringComparer.Ordinal);
        var elsewhere = false;
        foreach (var planned in plan.Tasks.Where(t => !tasks.ContainsKey(t.Key)))
        {
            var created = await CreateTaskAsync(corpId, campaign, plan, planned, grant.TokenKey, publish, cancellationToken);
            if (created is null)
            {
                elsewhere = true;
            }
            else
            {
                tasks[planned.Key] = created;
            }
        }

        if (elsewhere)
        {
            // Another replica is creating a task: look again soon; its record or its expired claim settles it.
            return await store.TryUpdateAsync(corpId, campaign, snapshot.Version, time.GetUtcNow() + InFlightRetry, cancellationToken);
        }

        now = time.GetUtcNow();
        var tracking = campaign with
        {
            Status = CampaignStatuses.Tracking,
            SentAt = now,
            TrackUntil = now + options.Value.TrackFor,
            Polls = 0,
            Counts = Count(plan, tasks.Values, new Dictionary<string, int>()),
        };
        var waiting = tasks.Values.Any(t => t.MsgId is not null);
        if (await store.TryUpdateAsync(corpId, tracking, snapshot.Version, waiting ? now + options.Value.FirstPoll : now, cancellationToken))
        {
            LogSent(corpId, campaign.Id, tasks.Count, tracking.Counts.Failed);
            return waiting; // no task to wait for (everyone skipped or refused): finish in this step
        }

        return false;
    }

    /// <summary>Creates one task under its claim and records it; null when another replica holds the claim.</summary>
    private async Task<CampaignTask?> CreateTaskAsync(
        string corpId, CampaignRecord campaign, CampaignPlan plan, CampaignPlannedTask planned, TokenKey token, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var key = ClaimKey.CampaignTask(corpId, campaign.Id, planned.Key);
        var owner = Guid.NewGuid().ToString("N");
        switch (await claims.TryClaimAsync(key, owner, options.Value.TaskClaim, cancellationToken))
        {
            case ClaimOutcome.InFlight:
                return null;
            case ClaimOutcome.AlreadyFinalized:
                // Recorded before the claim was made final; the snapshot read before it did not have it yet.
                metrics.CampaignTask("already_created");
                return (await store.GetAsync(corpId, campaign.Id, cancellationToken))?.Tasks.GetValueOrDefault(planned.Key)
                    ?? throw new InvalidOperationException($"Campaign {campaign.Id}'s task {planned.Key} is final but not recorded.");
        }

        CampaignTask task;
        IReadOnlyList<string> counted;
        try
        {
            // Attachments by path or URL are uploaded (or taken from the corp's media cache); a 40007 for a stale
            // media id re-uploads once and calls again: WeCom did not create the task then.
            var message = CampaignAudiences.MessageOf(plan, planned.Variant);
            var answer = await media.CallWithMediaAsync(
                token,
                WelcomeAttachmentMedia.Sources(message.Attachments),
                MediaPurpose.Message,
                ids => api.AddMessageTemplateAsync(
                    new AddMessageTemplateRequest
                    {
                        ChatType = "single",
                        Sender = planned.Sender,
                        ExternalUserIds = planned.ExternalUserIds,
                        Text = string.IsNullOrEmpty(message.Text) ? null : new WelcomeText(message.Text),
                        Attachments = message.Attachments.Count == 0 ? null : WelcomeAttachmentMedia.ToWire(message.Attachments, ids),
                    },
                    token,
                    cancellationToken),
                cancellationToken);
            task = new CampaignTask
            {
                Key = planned.Key, Sender = planned.Sender, MsgId = answer.MsgId, Customers = planned.ExternalUserIds.Count,
                FailList = answer.FailList ?? [], CreatedAt = time.GetUtcNow(),
            };
            var failed = task.FailList.ToHashSet(StringComparer.Ordinal);
            counted = [.. planned.ExternalUserIds.Where(id => !failed.Contains(id))];
        }
        catch (Exception ex) when (ex is MediaSourceException or WeComApiException { Kind: WeComErrorKind.Permanent })
        {
            // This task refused for good (a sender who left, an attachment WeCom or the media library refuses): recorded
            // as refused, its customers failed. Errcode 0: the attachment's source was refused before WeCom was asked.
            // The gateway's own state (no suite ticket, a revoked authorization) is not the task's: that propagates,
            // the claim is released and the step fails until it is fixed.
            var errCode = (ex as WeComApiException)?.ErrCode ?? 0;
            task = new CampaignTask
            {
                Key = planned.Key, Sender = planned.Sender, ErrCode = errCode, Customers = planned.ExternalUserIds.Count,
                FailList = planned.ExternalUserIds, CreatedAt = time.GetUtcNow(),
            };
            counted = [];
            LogTaskRefused(corpId, campaign.Id, planned.Sender, errCode, ex.GetType().Name);
        }
        catch
        {
            await claims.ReleaseAsync(key, owner, CancellationToken.None);
            throw;
        }

        if (task.MsgId is { } msgId)
        {
            await publish.Publish(
                new CampaignTaskCreated
                {
                    CorpId = corpId, CampaignId = campaign.Id, TaskKey = task.Key, Sender = task.Sender, MsgId = msgId, Customers = task.Customers,
                    Failed = task.FailList.Count, CreatedAt = task.CreatedAt,
                },
                c => c.MessageId = FactMessageIds.Of(corpId, campaign.Id, "task", task.Key),
                cancellationToken);
        }

        foreach (var id in task.FailList)
        {
            await PublishResultAsync(publish, corpId, campaign.Id, id, task, CampaignMessageStatuses.Failed, null, cancellationToken);
        }

        var recorded = await store.RecordTaskAsync(corpId, campaign.Id, task, plan.Month, counted, MonthKept, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {campaign.Id} is gone.");
        await claims.FinalizeAsync(key, TaskClaimKept, cancellationToken);
        metrics.CampaignTask(recorded.MsgId is null ? "refused" : "created");
        metrics.CampaignCustomers("failed", recorded.FailList.Count);
        return recorded;
    }

    private async Task<bool> TrackAsync(string corpId, CampaignSnapshot snapshot, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var campaign = snapshot.Campaign;
        var now = time.GetUtcNow();
        if (await ReadResultsAsync(corpId, snapshot, publish, cancellationToken) is not var (tasks, results))
        {
            return true;
        }

        var allSent = tasks.Where(t => t.MsgId is not null).All(t => t.MemberSent);
        if (allSent || now >= campaign.TrackUntil)
        {
            return await FinishAsync(corpId, snapshot with { Tasks = tasks.ToDictionary(t => t.Key, StringComparer.Ordinal) }, allSent ? "all_sent" : "tracking_ended", publish, cancellationToken, results);
        }

        var polls = campaign.Polls + 1;
        var next = campaign with { Polls = polls, Counts = Count(snapshot.Plan!, tasks, results) };
        return await store.TryUpdateAsync(corpId, next, snapshot.Version, now + CampaignPlanner.NextPoll(polls, options.Value.FirstPoll, options.Value.MaxPoll), cancellationToken);
    }

    /// <summary>Reads the members' parts and the customers' results, publishes the new final results, stores both.</summary>
    private async Task<(IReadOnlyList<CampaignTask> Tasks, IReadOnlyDictionary<string, int> Results)?> ReadResultsAsync(
        string corpId, CampaignSnapshot snapshot, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return null;
        }

        var campaignId = snapshot.Campaign.Id;
        var results = new Dictionary<string, int>(await store.ResultsAsync(corpId, campaignId, cancellationToken), StringComparer.Ordinal);
        var changedTasks = new List<CampaignTask>();
        var tasks = new List<CampaignTask>();
        foreach (var recorded in snapshot.Tasks.Values.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var task = recorded;
            if (task.MsgId is { } msgId && !task.MemberSent && await MemberSentAsync(msgId, task.Sender, grant.TokenKey, cancellationToken))
            {
                task = task with { MemberSent = true };
                changedTasks.Add(task);
            }

            tasks.Add(task);
            var failed = task.FailList.ToHashSet(StringComparer.Ordinal); // never sent to: no result to wait for
            if (!task.MemberSent || snapshot.Plan!.Tasks.FirstOrDefault(p => p.Key == task.Key) is not { } planned
                || planned.ExternalUserIds.All(id => failed.Contains(id) || results.GetValueOrDefault(id) != GroupMessageSendStatus.NotSent))
            {
                continue;
            }

            var fresh = new Dictionary<string, int>(StringComparer.Ordinal);
            string? cursor = null;
            do
            {
                var page = await api.GetGroupMessageSendResultAsync(
                    new GroupMessageSendResultRequest(task.MsgId!, task.Sender) { Limit = PageLimit, Cursor = cursor }, grant.TokenKey, cancellationToken);
                foreach (var result in page.SendList ?? [])
                {
                    if (result.ExternalUserId is { } id && result.Status != GroupMessageSendStatus.NotSent && results.GetValueOrDefault(id) != result.Status)
                    {
                        fresh[id] = result.Status;
                        await PublishResultAsync(publish, corpId, campaignId, id, task, StatusName(result.Status), SentAt(result.SendTime), cancellationToken);
                    }
                }

                cursor = page.NextCursor;
            }
            while (!string.IsNullOrEmpty(cursor));

            if (fresh.Count > 0)
            {
                await store.WriteResultsAsync(corpId, campaignId, fresh, cancellationToken);
                foreach (var (id, status) in fresh)
                {
                    results[id] = status;
                }

                metrics.CampaignCustomers(CampaignMessageStatuses.Sent, fresh.Values.Count(s => s == GroupMessageSendStatus.Sent));
                metrics.CampaignCustomers(CampaignMessageStatuses.NotFriend, fresh.Values.Count(s => s == GroupMessageSendStatus.NotFriend));
                metrics.CampaignCustomers(CampaignMessageStatuses.OverLimit, fresh.Values.Count(s => s == GroupMessageSendStatus.OverLimit));
            }
        }

        await store.UpdateTasksAsync(corpId, campaignId, changedTasks, cancellationToken);
        return (tasks, results);
    }

    private async Task<bool> MemberSentAsync(string msgId, string sender, TokenKey token, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await api.GetGroupMessageTaskAsync(new GroupMessageTaskRequest(msgId) { Limit = PageLimit, Cursor = cursor }, token, cancellationToken);
            if (page.TaskList?.FirstOrDefault(t => t.UserId == sender) is { } member)
            {
                return member.Status == GroupMessageTaskStatus.Sent;
            }

            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return false;
    }

    /// <summary>Publishes <c>CampaignDelivered</c> and marks the campaign finished (a cancelled one first has its unsent tasks cancelled at WeCom).</summary>
    private async Task<bool> FinishAsync(
        string corpId, CampaignSnapshot snapshot, string reason, IPublishEndpoint publish, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, int>? results = null)
    {
        var campaign = snapshot.Campaign;
        var tasks = snapshot.Tasks.Values.ToList();
        if (reason == "cancelled" && snapshot.Plan is not null)
        {
            // What was sent is read first (and is final); then the parts not sent are stopped.
            if (await ReadResultsAsync(corpId, snapshot, publish, cancellationToken) is var (read, readResults))
            {
                (tasks, results) = ([.. read], readResults);
            }

            if (await grants.SelectAsync(corpId, cancellationToken) is { } grant)
            {
                foreach (var task in tasks.Where(t => t.MsgId is not null && !t.MemberSent))
                {
                    try
                    {
                        await api.CancelGroupMessageSendAsync(new GroupMessageIdRequest(task.MsgId!), grant.TokenKey, cancellationToken);
                    }
                    catch (WeComApiException ex) when (ex is IPermanentFailure)
                    {
                        LogCancelRefused(corpId, campaign.Id, task.Sender, ex.ErrCode); // already sent or gone: nothing to stop
                    }
                }
            }
        }

        results ??= await store.ResultsAsync(corpId, campaign.Id, cancellationToken);
        var counts = snapshot.Plan is null ? campaign.Counts : Count(snapshot.Plan, tasks, results);
        var now = time.GetUtcNow();
        await publish.Publish(
            new CampaignDelivered
            {
                CorpId = corpId, CampaignId = campaign.Id, Name = campaign.Name, Audience = counts.Audience, SkippedByLimit = counts.SkippedByLimit,
                Tasks = counts.Tasks, Sent = counts.Sent, NotFriend = counts.NotFriend, OverLimit = counts.OverLimit, Failed = counts.Failed,
                Unsent = counts.Unsent, Reason = reason, At = now,
            },
            c => c.MessageId = FactMessageIds.Of(corpId, campaign.Id, "delivered"),
            cancellationToken);
        var finished = campaign with
        {
            Status = reason == "cancelled" ? CampaignStatuses.Cancelled : CampaignStatuses.Done, FinishedAt = now, Counts = counts,
        };
        if (!await store.TryUpdateAsync(corpId, finished, snapshot.Version, null, cancellationToken))
        {
            return false;
        }

        if (reason == "tracking_ended")
        {
            metrics.CampaignCustomers("unsent", counts.Unsent);
        }

        LogFinished(corpId, campaign.Id, reason, counts.Sent, counts.Unsent);
        return true;
    }

    private Task PublishResultAsync(
        IPublishEndpoint publish, string corpId, string campaignId, string externalUserId, CampaignTask task, string status, DateTimeOffset? sentAt,
        CancellationToken cancellationToken) =>
        publish.Publish(
            new CampaignMessageResult
            {
                CorpId = corpId, CampaignId = campaignId, ExternalUserId = externalUserId, Sender = task.Sender, MsgId = task.MsgId, Status = status,
                SentAt = sentAt, At = time.GetUtcNow(),
            },
            c => c.MessageId = FactMessageIds.Of(corpId, campaignId, "result", externalUserId),
            cancellationToken);

    /// <summary>The campaign's figures from its plan, tasks and the results read so far.</summary>
    internal static CampaignCounts Count(CampaignPlan plan, IEnumerable<CampaignTask> tasks, IReadOnlyDictionary<string, int> results)
    {
        var recorded = tasks.ToList();
        var failed = recorded.Sum(t => t.FailList.Count);
        var inTasks = recorded.Sum(t => t.Customers);
        int Of(int status) => results.Values.Count(s => s == status);
        var (sent, notFriend, overLimit) = (Of(GroupMessageSendStatus.Sent), Of(GroupMessageSendStatus.NotFriend), Of(GroupMessageSendStatus.OverLimit));
        var withMsg = recorded.Where(t => t.MsgId is not null).ToList();
        return new CampaignCounts
        {
            Audience = plan.Audience,
            SkippedByLimit = plan.SkippedByLimit.Count,
            Tasks = recorded.Count,
            FailedTasks = recorded.Count(t => t.MsgId is null),
            Failed = failed,
            Sent = sent,
            NotFriend = notFriend,
            OverLimit = overLimit,
            Unsent = Math.Max(0, inTasks - failed - sent - notFriend - overLimit),
            Members = withMsg.Select(t => t.Sender).Distinct(StringComparer.Ordinal).Count(),
            MembersSent = withMsg.GroupBy(t => t.Sender, StringComparer.Ordinal).Count(g => g.All(t => t.MemberSent)),
        };
    }

    internal static string StatusName(int status) => status switch
    {
        GroupMessageSendStatus.Sent => CampaignMessageStatuses.Sent,
        GroupMessageSendStatus.NotFriend => CampaignMessageStatuses.NotFriend,
        GroupMessageSendStatus.OverLimit => CampaignMessageStatuses.OverLimit,
        _ => "unsent",
    };

    private static DateTimeOffset? SentAt(long? unixSeconds) => unixSeconds is > 0 and { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CorpId}/{CampaignId}: {Tasks} WeCom tasks created ({Failed} customers WeCom could not take); reading results")]
    private partial void LogSent(string corpId, string campaignId, int tasks, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CorpId}/{CampaignId}: the task of {Sender} was refused for good (errcode {ErrCode}, {Failure}); its customers count as failed")]
    private partial void LogTaskRefused(string corpId, string campaignId, string sender, int errCode, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CorpId}/{CampaignId}: cancel_groupmsg_send of {Sender}'s task refused (errcode {ErrCode})")]
    private partial void LogCancelRefused(string corpId, string campaignId, string sender, int errCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CorpId}/{CampaignId} finished ({Reason}): {Sent} sent, {Unsent} not sent")]
    private partial void LogFinished(string corpId, string campaignId, string reason, int sent, int unsent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CorpId}/{CampaignId}: the corp holds no active grant; nothing sent")]
    private partial void LogNotAuthorized(string corpId, string campaignId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CorpId}/{CampaignId}: changed under this step {Attempts} times in a row; the next due step goes on", EventName = "CampaignConflicts")]
    private partial void LogConflicts(string corpId, string campaignId, int attempts = MaxConflicts);
}
