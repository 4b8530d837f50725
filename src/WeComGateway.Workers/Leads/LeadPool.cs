using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation.Leads;
using WeComGateway.Contracts;
using WeComGateway.Storage.Leads;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Leads;

/// <summary>
/// The lead pool's moves: waiting leads to employees (<see cref="LeadAssigner"/> over the stored rotation, one
/// compare-and-set per lead), and what a due lead needs (its reminder again, or its return to the pool and on to the
/// next employee when its time ran out). Every step is a store transition that happens once; the events follow it.
/// </summary>
internal sealed partial class LeadPool(
    ILeadStore store,
    IOptions<LeadOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<LeadPool> logger)
{
    /// <summary>Assignments lost to another replica before one gives up on a lead for this pass.</summary>
    private const int MaxConflicts = 8;

    /// <summary>Pool pages per pass: a bound, not a target (the next pass goes on).</summary>
    private const int MaxPagesPerPass = 50;

    /// <summary>Assigns the corp's waiting leads, oldest first, until none can be assigned now. Returns how many were.</summary>
    public async Task<int> AssignWaitingAsync(string corpId, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (await store.GetSettingsAsync(corpId, cancellationToken) is not { } settings)
        {
            LogNoSettings(corpId);
            return 0;
        }

        var assigned = 0;
        for (var page = 0; page < MaxPagesPerPass; page++)
        {
            var pooled = await store.PooledAsync(corpId, options.Value.BatchSize, cancellationToken);
            var assignedNow = 0;
            foreach (var lead in pooled)
            {
                if (await AssignAsync(corpId, lead, settings, publisher, cancellationToken) is not null)
                {
                    assignedNow++;
                }
            }

            assigned += assignedNow;
            if (assignedNow == 0 || pooled.Count < options.Value.BatchSize)
            {
                break;
            }
        }

        return assigned;
    }

    /// <summary>
    /// A lead the scheduler claimed from the due index: its reminder is not confirmed (publish <see cref="LeadAssigned"/>
    /// again), its time ran out (back to the pool, on to the next employee, <see cref="LeadReassigned"/>), or neither yet.
    /// </summary>
    public async Task HandleDueAsync(string corpId, string leadId, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(corpId, leadId, cancellationToken) is not { Status: LeadStatus.Assigned } lead)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (lead.Deadline <= now)
        {
            await ReturnAsync(corpId, lead, now, publisher, cancellationToken);
        }
        else if (!lead.Reminded)
        {
            await publisher.Publish(Assigned(corpId, lead), cancellationToken);
        }
        else
        {
            await store.MarkRemindedAsync(corpId, leadId, lead.Attempt, cancellationToken); // back to its deadline after the lease
        }
    }

    private async Task ReturnAsync(string corpId, Lead lead, DateTimeOffset now, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (await store.ReturnToPoolAsync(corpId, lead.LeadId, lead.Attempt, now, cancellationToken) is not { } expired)
        {
            return; // converted or returned by another replica meanwhile
        }

        metrics.LeadTransition("returned");
        LogReturned(corpId, lead.LeadId, expired.Attempt, expired.Assignee);
        Lead? next = null;
        if (await store.GetSettingsAsync(corpId, cancellationToken) is { } settings && await store.GetAsync(corpId, lead.LeadId, cancellationToken) is { } pooled)
        {
            next = await AssignAsync(corpId, pooled, settings, publisher, cancellationToken);
        }

        await publisher.Publish(new LeadReassigned
        {
            CorpId = corpId,
            LeadId = lead.LeadId,
            Attempt = expired.Attempt,
            FromUserId = expired.Assignee!,
            ToUserId = next?.Assignee,
            Source = lead.Source,
            MaskedPhone = PhoneNumbers.Mask(lead.Phone),
            ReturnedAt = now,
        }, cancellationToken);
    }

    /// <summary>One lead to the next employee in turn; null when it waits (caps), left the pool (every employee had it) or was taken meanwhile.</summary>
    private async Task<Lead?> AssignAsync(string corpId, Lead lead, LeadPoolSettings settings, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var takers = settings.Employees
            .Select(e => new LeadTaker(e.UserId, settings.Mode == LeadPoolSettings.Weighted ? e.Weight : 1, e.DailyCap ?? settings.DailyCap))
            .ToList();
        for (var conflict = 0; conflict < MaxConflicts; conflict++)
        {
            var now = time.GetUtcNow();
            var day = options.Value.Day(now);
            var state = await store.GetAssignmentAsync(corpId, day, cancellationToken);
            var decision = LeadAssigner.Decide(takers, state.Cursor, state.AssignedToday, lead.Tried);
            switch (decision.Outcome)
            {
                case AssignmentOutcome.WaitForCapacity:
                    return null;
                case AssignmentOutcome.NoEmployeeLeft:
                    if (await store.ExhaustAsync(corpId, lead.LeadId, cancellationToken))
                    {
                        metrics.LeadTransition("exhausted");
                        LogExhausted(corpId, lead.LeadId, lead.Tried.Count);
                    }

                    return null;
            }

            var (result, assigned) = await store.TryAssignAsync(
                corpId, lead.LeadId, decision.UserId!, state.Version, decision.NextCursor, day, now, now + settings.ConvertWithin, cancellationToken);
            switch (result)
            {
                case LeadAssignResult.Assigned:
                    metrics.LeadTransition("assigned");
                    await publisher.Publish(Assigned(corpId, assigned!), cancellationToken);
                    return assigned;
                case LeadAssignResult.Conflict:
                    continue;
                default:
                    return null;
            }
        }

        return null; // busy rotation: the next pass tries again
    }

    internal static LeadAssigned Assigned(string corpId, Lead lead) => new()
    {
        CorpId = corpId,
        LeadId = lead.LeadId,
        Attempt = lead.Attempt,
        UserId = lead.Assignee!,
        Source = lead.Source,
        MaskedPhone = PhoneNumbers.Mask(lead.Phone),
        State = LeadStates.Of(lead.LeadId),
        AssignedAt = lead.AssignedAt!.Value,
        Deadline = lead.Deadline!.Value,
    };

    internal static string Local(DateTimeOffset at, TimeSpan offset) => at.ToOffset(offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} has leads but no lead pool settings (PUT /admin/corps/{CorpId}/leads/settings): they wait")]
    private partial void LogNoSettings(string corpId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: lead {LeadId} was not added within its time by {UserId} (attempt {Attempt}); back to the pool")]
    private partial void LogReturned(string corpId, string leadId, int attempt, string? userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: lead {LeadId} leaves the pool: all {Count} employees had it")]
    private partial void LogExhausted(string corpId, string leadId, int count);
}
