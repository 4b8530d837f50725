using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Moments;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;
using WeComGateway.Workers.Publishing;

namespace WeComGateway.Workers.Moments;

/// <summary>
/// Moves one moment on by a step: a pending moment gets its WeCom task (add_moment_task, under the moment's claim, so
/// once across redeliveries and replicas); a moment being created has its task read (get_moment_task_result) until
/// it is done or its job id's 24 hours are over; a finished moment is announced (<see cref="MomentPublished"/> or
/// <see cref="MomentFailed"/>, message id fixed by the moment) until the store records that it was. Each transition is
/// a compare-and-set on the moment, so two replicas that read the same moment move it on once.
/// </summary>
internal sealed partial class MomentPublisher(
    IMomentStore store,
    IClaimStore claims,
    IWeComExternalContactApi api,
    IMediaLibrary media,
    CorpGrantSelector grants,
    IOptions<MomentOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<MomentPublisher> logger)
{
    /// <summary>How long a finished task claim is kept: beyond the job id's 24 hours.</summary>
    private static readonly TimeSpan ClaimKeep = TimeSpan.FromDays(2);

    /// <summary>A request for the moment: its task is created when it is still pending; anything later is the scheduler's.</summary>
    public async Task RequestedAsync(string corpId, string momentId, IPublishEndpoint publisher, string owner, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(corpId, momentId, cancellationToken) is { Status: MomentStatus.Pending } moment)
        {
            await CreateTaskAsync(corpId, moment, owner, publisher, cancellationToken);
        }
        else
        {
            metrics.MomentTask("suppressed");
        }
    }

    /// <summary>The step a due moment needs: create its task, read it, or announce how it ended.</summary>
    public async Task HandleAsync(string corpId, string momentId, IPublishEndpoint publisher, string owner, CancellationToken cancellationToken)
    {
        switch (await store.GetAsync(corpId, momentId, cancellationToken))
        {
            case null:
                return;
            case { Status: MomentStatus.Pending } moment:
                await CreateTaskAsync(corpId, moment, owner, publisher, cancellationToken);
                return;
            case { Status: MomentStatus.Creating } moment:
                await PollAsync(corpId, moment, publisher, cancellationToken);
                return;
            case { Announced: false } moment:
                await AnnounceAsync(corpId, moment, publisher, cancellationToken);
                return;
            case var moment:
                await store.UpdateAsync(corpId, moment, moment.Version, nextDue: null, cancellationToken); // done: out of the due index
                return;
        }
    }

    private async Task CreateTaskAsync(string corpId, Moment moment, string owner, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var claim = ClaimKey.MomentTask(corpId, moment.Id);
        if (await claims.TryClaimAsync(claim, owner, options.Value.CreateClaimTtl, cancellationToken) != ClaimOutcome.Claimed)
        {
            metrics.MomentTask("suppressed");
            return; // created already, or being created: the due index brings the moment back after the lease
        }

        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            await claims.ReleaseAsync(claim, owner, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        IReadOnlyList<string> mediaIds;
        try
        {
            // Files and URLs become upload_attachment media ids (cached per corp, refreshed before their 3 days end)
            // before add_moment_task: a failed upload is not a task whose outcome is unknown.
            mediaIds = await ResolveMediaAsync(moment, grant.TokenKey, cancellationToken);
        }
        catch (MediaSourceException ex)
        {
            await claims.FinalizeAsync(claim, ClaimKeep, cancellationToken);
            LogMediaRefused(corpId, moment.Id, ex.Message);
            await FinishAsync(corpId, moment, MomentStatus.Failed, "media_refused", errCode: null, publisher, cancellationToken);
            return;
        }
        catch (WeComApiException ex) when (ex.IsRetryable || ex.ErrCode == WeComErrorCodes.HttpFailure)
        {
            await claims.ReleaseAsync(claim, owner, cancellationToken);
            metrics.MomentTask("retried");
            await store.UpdateAsync(corpId, moment with { UpdatedAt = now }, moment.Version, now + options.Value.FirstPoll, cancellationToken);
            return;
        }

        AddMomentTaskResponse answer;
        try
        {
            answer = await api.AddMomentTaskAsync(Request(moment, mediaIds), grant.TokenKey, cancellationToken);
        }
        catch (WeComApiException ex) when (ex.ErrCode == WeComErrorCodes.HttpFailure)
        {
            // A timeout, a dropped connection or an HTTP 5xx: WeCom may have created the task. Never a second one.
            await claims.FinalizeAsync(claim, ClaimKeep, cancellationToken);
            LogOutcomeUnknown(corpId, moment.Id);
            await FinishAsync(corpId, moment, MomentStatus.Failed, "outcome_unknown", errCode: null, publisher, cancellationToken);
            return;
        }
        catch (WeComApiException ex) when (ex.IsRetryable)
        {
            await claims.ReleaseAsync(claim, owner, cancellationToken);
            metrics.MomentTask("retried");
            await store.UpdateAsync(corpId, moment with { UpdatedAt = now }, moment.Version, now + options.Value.FirstPoll, cancellationToken);
            return;
        }
        catch (WeComApiException ex)
        {
            await claims.FinalizeAsync(claim, ClaimKeep, cancellationToken);
            LogRefused(corpId, moment.Id, ex.ErrCode);
            await FinishAsync(corpId, moment, MomentStatus.Failed, "refused", ex.ErrCode, publisher, cancellationToken);
            return;
        }

        var creating = moment with { Status = MomentStatus.Creating, JobId = answer.JobId, JobIdAt = now, Polls = 0, UpdatedAt = now };
        var due = MomentRules.NextPoll(now, now, 0, options.Value.FirstPoll, options.Value.MaxPoll);
        var saved = await store.UpdateAsync(corpId, creating, moment.Version, due, cancellationToken);
        await claims.FinalizeAsync(claim, ClaimKeep, cancellationToken);
        metrics.MomentTask("created");
        if (saved is null)
        {
            LogJobNotStored(corpId, moment.Id);
        }
    }

    private async Task PollAsync(string corpId, Moment moment, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var jobIdAt = moment.JobIdAt ?? moment.CreatedAt;
        if (moment.JobId is null || MomentRules.JobIdExpired(jobIdAt, now))
        {
            await FinishAsync(corpId, moment, MomentStatus.Expired, "job_expired", errCode: null, publisher, cancellationToken);
            return;
        }

        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return; // uninstalled: the moment goes with the corp's data
        }

        MomentTaskResultResponse answer;
        try
        {
            answer = await api.GetMomentTaskResultAsync(moment.JobId, grant.TokenKey, cancellationToken);
        }
        catch (WeComApiException ex) when (ex.IsRetryable || ex.Kind == WeComErrorKind.TokenInvalid)
        {
            metrics.MomentPoll("error");
            await store.UpdateAsync(corpId, moment with { UpdatedAt = now }, moment.Version, NextPoll(moment, now), cancellationToken);
            return;
        }
        catch (WeComApiException ex)
        {
            metrics.MomentPoll("error");
            await FinishAsync(corpId, moment, MomentStatus.Failed, "task_failed", ex.ErrCode, publisher, cancellationToken);
            return;
        }

        if (answer.Status != MomentTaskResultResponse.Done)
        {
            metrics.MomentPoll(answer.Status == MomentTaskResultResponse.Started ? "started" : "running");
            var polled = moment with { Polls = moment.Polls + 1, TaskStatus = answer.Status, UpdatedAt = now };
            await store.UpdateAsync(corpId, polled, moment.Version, NextPoll(polled, now), cancellationToken);
            return;
        }

        metrics.MomentPoll("done");
        var result = answer.Result ?? new MomentTaskResult();
        var done = moment with
        {
            TaskStatus = answer.Status,
            WeComMomentId = result.MomentId,
            InvalidEmployees = [.. result.InvalidSenderList?.UserList ?? []],
            InvalidTagIds = [.. result.InvalidExternalContactList?.TagList ?? []],
        };
        if (result.ErrCode == 0)
        {
            await FinishAsync(corpId, done, MomentStatus.Published, reason: null, errCode: null, publisher, cancellationToken);
        }
        else
        {
            LogTaskFailed(corpId, moment.Id, result.ErrCode);
            await FinishAsync(corpId, done, MomentStatus.Failed, "task_failed", result.ErrCode, publisher, cancellationToken);
        }
    }

    /// <summary>Stores the ending (compare-and-set: one replica wins), then announces it.</summary>
    private async Task FinishAsync(
        string corpId, Moment moment, MomentStatus status, string? reason, int? errCode, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var finished = moment with { Status = status, FailureReason = reason, ErrCode = errCode, FinishedAt = now, UpdatedAt = now, Announced = false };
        if (await store.UpdateAsync(corpId, finished, moment.Version, now + options.Value.ClaimLease, cancellationToken) is { } saved)
        {
            metrics.MomentFinished(reason ?? "published");
            await AnnounceAsync(corpId, saved, publisher, cancellationToken);
        }
    }

    /// <summary>Publishes the ending with its fixed message id; once the store says so, the moment leaves the due index.</summary>
    private async Task AnnounceAsync(string corpId, Moment moment, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var at = moment.FinishedAt ?? time.GetUtcNow();
        if (moment.Status == MomentStatus.Published)
        {
            await publisher.Publish(
                new MomentPublished
                {
                    CorpId = corpId,
                    MomentId = moment.Id,
                    WeComMomentId = moment.WeComMomentId ?? string.Empty,
                    Tags = [.. moment.Tags.Select(t => t.ToString())],
                    Employees = moment.Employees,
                    InvalidEmployees = moment.InvalidEmployees,
                    InvalidTagIds = moment.InvalidTagIds,
                    CreatedAt = moment.CreatedAt,
                    PublishedAt = at,
                },
                context => context.MessageId = FactMessageIds.Of("moment_published", corpId, moment.Id),
                cancellationToken);
        }
        else
        {
            await publisher.Publish(
                new MomentFailed { CorpId = corpId, MomentId = moment.Id, Reason = moment.FailureReason ?? "task_failed", ErrCode = moment.ErrCode, At = at },
                context => context.MessageId = FactMessageIds.Of("moment_failed", corpId, moment.Id),
                cancellationToken);
        }

        await store.UpdateAsync(corpId, moment with { Announced = true }, moment.Version, nextDue: null, cancellationToken);
    }

    private DateTimeOffset NextPoll(Moment moment, DateTimeOffset now) =>
        MomentRules.NextPoll(now, moment.JobIdAt ?? moment.CreatedAt, moment.Polls, options.Value.FirstPoll, options.Value.MaxPoll);

    /// <summary>The add_moment_task body: text, attachments and the visible range (tag ids, members).</summary>
    /// <summary>One media id per attachment (the image, the video, the link's cover), in order.</summary>
    private async Task<IReadOnlyList<string>> ResolveMediaAsync(Moment moment, TokenKey token, CancellationToken cancellationToken)
    {
        var ids = new List<string>(moment.Attachments.Count);
        foreach (var a in moment.Attachments)
        {
            var type = a.Type == MomentAttachmentSpec.Video ? MomentAttachmentSpec.Video : MomentAttachmentSpec.Image; // a link's cover is an image
            var source = a.Path is { } path ? MediaSource.FromPath(type, path)
                : a.MediaUrl is { } url ? MediaSource.FromUrl(type, url)
                : MediaSource.FromMediaId(type, a.MediaId!);
            ids.Add(await media.ResolveAsync(token, source, MediaPurpose.Moments, cancellationToken));
        }

        return ids;
    }

    /// <param name="mediaIds">One per attachment, in order (<see cref="ResolveMediaAsync"/>).</param>
    internal static AddMomentTaskRequest Request(Moment moment, IReadOnlyList<string> mediaIds) => new()
    {
        Text = string.IsNullOrEmpty(moment.Text) ? null : new WelcomeText(moment.Text),
        Attachments = moment.Attachments.Count == 0 ? null : [.. moment.Attachments.Select((a, i) => a.Type switch
        {
            MomentAttachmentSpec.Image => MomentAttachment.ForImage(mediaIds[i]),
            MomentAttachmentSpec.Video => MomentAttachment.ForVideo(mediaIds[i]),
            _ => MomentAttachment.ForLink(new MomentLink(a.Url!, mediaIds[i]) { Title = a.Title }),
        })],
        VisibleRange = new MomentVisibleRange
        {
            SenderList = moment.Employees.Count == 0 ? null : new MomentSenderList { UserList = moment.Employees },
            ExternalContactList = moment.Tags.Count == 0 ? null : new MomentExternalContactList { TagList = [.. moment.Tags.Select(t => t.Id).Distinct(StringComparer.Ordinal)] },
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: add_moment_task for moment {MomentId} got no answer; not repeated (WeCom may have created it), marked failed: outcome_unknown")]
    private partial void LogOutcomeUnknown(string corpId, string momentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: moment {MomentId}'s media cannot be used ({Reason}); marked failed: media_refused")]
    private partial void LogMediaRefused(string corpId, string momentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: WeCom refused add_moment_task for moment {MomentId} with {ErrCode}")]
    private partial void LogRefused(string corpId, string momentId, int errCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: the task of moment {MomentId} finished with errcode {ErrCode}")]
    private partial void LogTaskFailed(string corpId, string momentId, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Corp {CorpId}: moment {MomentId} changed while its task was created; its job id was not stored")]
    private partial void LogJobNotStored(string corpId, string momentId);
}
