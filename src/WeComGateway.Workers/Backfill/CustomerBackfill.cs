using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Backfill;

/// <summary>How one backfill request ended.</summary>
internal enum BackfillOutcome
{
    Done,
    Failed,
    AlreadyRunning,
    AlreadyDone,
    NotAuthorized,
    TakenOver,
}

/// <summary>
/// Reads a corp's existing customers from WeCom and seeds what the gateway knows of them, through the grant
/// <see cref="CorpGrantSelector"/> picks: get_follow_user_list, then batch/get_by_user over the follow users (sorted, up
/// to 100 a call) page by page (cursor, <see cref="BackfillOptions.PageSize"/>) within
/// <see cref="BackfillOptions.PagesPerSecond"/>, each entry merged into the customer's facts
/// (<see cref="ExistingCustomer.MergeInto"/>) and the position stored after every page, so a run that died resumes
/// from the stored cursor. No rule runs, nothing is welcomed, nothing is published.
/// </summary>
internal sealed partial class CustomerBackfill(
    IWeComExternalContactApi api,
    ICustomerBackfillStore store,
    CustomerFactsRepository customers,
    RuleSetProvider ruleSets,
    CorpGrantSelector grants,
    IOptions<BackfillOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CustomerBackfill> logger)
{
    /// <param name="runId">The run (the request's message id): the same id delivered again resumes its own run.</param>
    /// <param name="again">False: a corp whose backfill is done is not backfilled again (after an installation).</param>
    public async Task<BackfillOutcome> RunAsync(string corpId, string runId, bool again, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            LogNotAuthorized(corpId);
            return Report(BackfillOutcome.NotAuthorized);
        }

        var settings = options.Value;
        var start = await store.StartAsync(corpId, runId, again, time.GetUtcNow(), settings.Lease, cancellationToken);
        switch (start.Result)
        {
            case BackfillStartResult.NotAuthorized:
                LogNotAuthorized(corpId);
                return Report(BackfillOutcome.NotAuthorized);
            case BackfillStartResult.Busy:
                LogBusy(corpId, start.Progress!.RunId, start.Progress.Pages);
                return Report(BackfillOutcome.AlreadyRunning);
            case BackfillStartResult.AlreadyDone:
                LogAlreadyDone(corpId, start.Progress!.UpdatedAt);
                return Report(BackfillOutcome.AlreadyDone);
        }

        var progress = start.Progress!;
        LogStarting(corpId, grant.ToString(), start.Result == BackfillStartResult.Resumed ? "resuming" : "starting", progress.UserOffset, progress.Pages);
        try
        {
            return await PageAsync(corpId, grant, progress, settings, cancellationToken);
        }
        catch (WeComApiException ex) when (ex is IPermanentFailure)
        {
            // Retrying cannot help (no permission, API refused): say so in the progress and stop; a later request starts afresh.
            var failed = (await store.GetAsync(corpId, cancellationToken) ?? progress) with
            {
                State = BackfillState.Failed,
                UpdatedAt = time.GetUtcNow(),
                Error = $"WeCom {ex.Api} answered {ex.ErrCode}",
            };
            await store.SaveAsync(corpId, failed, cancellationToken);
            LogFailed(corpId, ex.Api, ex.ErrCode, failed.Pages);
            return Report(BackfillOutcome.Failed);
        }
    }

    private async Task<BackfillOutcome> PageAsync(string corpId, CorpGrant grant, BackfillProgress progress, BackfillOptions settings, CancellationToken cancellationToken)
    {
        var token = grant.TokenKey;
        var users = (await api.GetFollowUserListAsync(token, cancellationToken)).FollowUsers
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        progress = progress with { FollowUsers = users.Count };
        var tags = await CorpTagNames.LoadAsync(api, token, cancellationToken);
        var ruleSet = await ruleSets.GetAsync(corpId, cancellationToken);
        var elapsed = Stopwatch.StartNew();
        using var budget = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / settings.PagesPerSecond),
            QueueLimit = 1,
            AutoReplenishment = true,
        });

        while (progress.UserOffset < users.Count)
        {
            using (await budget.AcquireAsync(1, cancellationToken))
            {
                var batch = users.Skip(progress.UserOffset).Take(CustomersByUserRequest.MaxUsers).ToList();
                var page = await api.GetCustomersByUserAsync(
                    new CustomersByUserRequest(batch) { Cursor = progress.Cursor, Limit = settings.PageSize }, token, cancellationToken);
                await tags.EnsureKnownAsync(page.Customers.SelectMany(c => c.FollowInfo.TagIds), cancellationToken);
                var (created, merged) = await SeedAsync(corpId, page, tags, ruleSet, cancellationToken);
                progress = progress with
                {
                    UserOffset = string.IsNullOrEmpty(page.NextCursor) ? progress.UserOffset + batch.Count : progress.UserOffset,
                    Cursor = page.NextCursor ?? string.Empty,
                    Pages = progress.Pages + 1,
                    Customers = progress.Customers + page.Customers.Count,
                    Seeded = progress.Seeded + created,
                    UpdatedAt = time.GetUtcNow(),
                };
                if (!await store.SaveAsync(corpId, progress, cancellationToken))
                {
                    LogTakenOver(corpId, progress.Pages);
                    return Report(BackfillOutcome.TakenOver);
                }

                metrics.BackfillPage();
                metrics.BackfillCustomers("created", created);
                metrics.BackfillCustomers("merged", merged);
                metrics.BackfillCustomers("unchanged", page.Customers.Count - created - merged);
                if (progress.Pages == 1 || progress.Pages % settings.LogEveryPages == 0)
                {
                    LogProgress(corpId, progress.Pages, progress.Customers, progress.Seeded, progress.UserOffset, users.Count, elapsed.Elapsed.TotalSeconds);
                }
            }
        }

        var done = progress with { State = BackfillState.Done, Cursor = string.Empty, UpdatedAt = time.GetUtcNow() };
        if (!await store.SaveAsync(corpId, done, cancellationToken))
        {
            LogTakenOver(corpId, progress.Pages);
            return Report(BackfillOutcome.TakenOver);
        }

        LogDone(corpId, done.Customers, done.Seeded, done.Pages, users.Count, elapsed.Elapsed.TotalSeconds);
        return Report(BackfillOutcome.Done);
    }

    private async Task<(long Created, long Merged)> SeedAsync(
        string corpId, CustomersByUserResponse page, CorpTagNames tags, RuleSet ruleSet, CancellationToken cancellationToken)
    {
        long created = 0, merged = 0;
        foreach (var entry in page.Customers)
        {
            var existing = ExistingCustomer.From(entry, tags.Find);
            var outcome = await customers.SeedAsync(
                corpId,
                existing.ExternalUserId,
                facts => existing.MergeInto(facts, ruleSet),
                facts => ruleSet.NextReevaluation(facts, time.GetUtcNow()),
                cancellationToken);
            created += outcome == SeedOutcome.Created ? 1 : 0;
            merged += outcome == SeedOutcome.Merged ? 1 : 0;
        }

        return (created, merged);
    }

    private BackfillOutcome Report(BackfillOutcome outcome)
    {
        metrics.BackfillRun(outcome switch
        {
            BackfillOutcome.Done => "done",
            BackfillOutcome.Failed => "failed",
            BackfillOutcome.AlreadyRunning => "already_running",
            BackfillOutcome.AlreadyDone => "already_done",
            BackfillOutcome.NotAuthorized => "not_authorized",
            _ => "taken_over",
        });
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: backfill refused, the corp holds no active grant (not installed here, uninstalled, or every permanent code refused)")]
    private partial void LogNotAuthorized(string corpId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: a backfill is already running (run {RunId}, {Pages} pages so far); this request joins it")]
    private partial void LogBusy(string corpId, string runId, long pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: backfilled already (done {DoneAt:O}); not run again")]
    private partial void LogAlreadyDone(string corpId, DateTimeOffset doneAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: backfill {Action} through {Grant} at follow user {UserOffset} after {Pages} pages")]
    private partial void LogStarting(string corpId, string grant, string action, int userOffset, long pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: backfill page {Pages}: {Customers} customer entries read, {Seeded} customers new, follow users {UserOffset}/{FollowUsers} done, {Seconds:F1} s")]
    private partial void LogProgress(string corpId, long pages, long customers, long seeded, int userOffset, int followUsers, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: backfill done: {Customers} customer entries, {Seeded} customers new, {Pages} pages, {FollowUsers} follow users, {Seconds:F1} s")]
    private partial void LogDone(string corpId, long customers, long seeded, long pages, int followUsers, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: backfill stopped after {Pages} pages: another run took it over, or the corp's data was removed")]
    private partial void LogTakenOver(string corpId, long pages);

    [LoggerMessage(Level = LogLevel.Error, Message = "Corp {CorpId}: backfill failed after {Pages} pages: WeCom {Api} answered {ErrCode}, which a retry cannot fix")]
    private partial void LogFailed(string corpId, string api, int errCode, long pages);
}
