using Microsoft.Extensions.Logging;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// One event for one customer: load facts → fold the event in → decide (rules, lifecycle) → write the facts with
/// the decision's effects as pending (compare-and-set) → carry the effects out (one mark_tag, then the publishes) →
/// clear them. A write conflict decides again from the newer facts without having called WeCom; a redelivery that
/// finds the event applied and its effects still pending (the worker died after the write) carries them out, and
/// one that finds nothing pending does nothing.
/// </summary>
internal sealed partial class CustomerAutomation(
    CustomerFactsRepository customers,
    RuleSetProvider ruleSets,
    CustomerEffects customerEffects,
    IAuthorizationStore authorizations,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CustomerAutomation> logger)
{
    public async Task ProcessAsync(AutomationEvent e, string? suiteId, CancellationToken cancellationToken)
    {
        var ruleSet = await ruleSets.GetAsync(e.CorpId, cancellationToken);
        var (outcome, customer) = await customers.UpdateAsync(e, null, stored => DecideAsync(stored, e, suiteId, ruleSet, cancellationToken), cancellationToken);
        Report(e, outcome);
        if (outcome.Effects is { } effects)
        {
            await customerEffects.CarryOutAsync(customer.Facts, effects, cancellationToken);
            await customers.ClearPendingAsync(e, customer, facts => ruleSet.NextReevaluation(facts, time.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>What to write for the event, if anything; no effect outside the gateway (it runs again after a conflict).</summary>
    private async Task<(Outcome, CustomerWrite?)> DecideAsync(StoredCustomer stored, AutomationEvent e, string? suiteId, RuleSet ruleSet, CancellationToken cancellationToken)
    {
        if (stored.PendingOf(e.EventKey) is { } unfinished)
        {
            return (new Outcome(null, unfinished), null);
        }

        if (CustomerFactsUpdater.Apply(stored.Facts, e) is not { } folded)
        {
            return (new Outcome(null, null), null);
        }

        var now = time.GetUtcNow();
        var decision = ruleSet.Evaluate(folded, e, now);
        PendingTagChange? tags = null;
        if (decision.ChangesWeComTags && Follower(decision, e) is { } employee)
        {
            tags = new PendingTagChange(suiteId ?? await SuiteOfAsync(e.CorpId, cancellationToken), employee, decision.AddTags, decision.RemoveTags);
        }
        else if (decision.ChangesWeComTags)
        {
            LogNoFollower(e.CorpId, e.ExternalUserId, decision.AddTags.Count + decision.RemoveTags.Count);
            decision = WithoutTagChanges(decision);
        }

        var effects = PendingEffects.Of(e, decision, tags, now);
        var pending = effects.IsEmpty ? stored.Pending : [.. stored.Pending, effects];
        return (new Outcome(decision, effects.IsEmpty ? null : effects), new CustomerWrite(decision.Next, pending, ruleSet.NextReevaluation(decision.Next, now)));
    }

    private void Report(AutomationEvent e, Outcome outcome)
    {
        if (outcome.Decision is { } decision)
        {
            metrics.AutomationEvent(e.Kind, "applied");
            LogApplied(e.CorpId, e.ExternalUserId, e.Kind, decision.MatchedRuleIds.Count, decision.AddTags.Count, decision.RemoveTags.Count, decision.Next.Stage);
        }
        else if (outcome.Effects is not null)
        {
            metrics.AutomationEvent(e.Kind, "repaired");
            LogRepairing(e.CorpId, e.ExternalUserId, e.Kind, e.EventKey);
        }
        else
        {
            metrics.AutomationEvent(e.Kind, "already_applied");
            LogAlreadyApplied(e.CorpId, e.ExternalUserId, e.Kind, e.EventKey);
        }
    }

    /// <summary>
    /// mark_tag needs an employee who follows the customer: the event's employee when they follow them (or just
    /// deleted them: after del_follow_user the customer is still in that employee's list in WeCom, so the stage tag can
    /// be moved through them), else the first follower, else nobody.
    /// </summary>
    private static string? Follower(AutomationDecision decision, AutomationEvent e) =>
        e.UserId is { } u && (decision.Next.FollowUsers.Contains(u, StringComparer.Ordinal) || e.Kind == AutomationEventKind.ContactDeletedByCustomer)
            ? u
            : decision.Next.FollowUsers.FirstOrDefault();

    /// <summary>With no follower WeCom cannot be tagged: the tag changes are dropped, so the facts keep saying what WeCom really has.</summary>
    private static AutomationDecision WithoutTagChanges(AutomationDecision decision)
    {
        var previous = decision.Next.Tags.Except(decision.AddTags).Concat(decision.RemoveTags).Distinct().ToList();
        return decision with { Next = decision.Next with { Tags = previous }, AddTags = [], RemoveTags = [] };
    }

    /// <summary>Facts from other systems name no suite: the corp's stored authorization does.</summary>
    private async Task<string> SuiteOfAsync(string corpId, CancellationToken cancellationToken) =>
        (await authorizations.GetAsync(corpId, cancellationToken))?.SuiteId
        ?? throw new CorpNotAuthorizedForAutomationException(corpId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} {EventKey} was applied before; nothing to do")]
    private partial void LogAlreadyApplied(string corpId, string externalUserId, AutomationEventKind kind, string eventKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} {EventKey} was applied before but its effects were not carried out; carrying them out now")]
    private partial void LogRepairing(string corpId, string externalUserId, AutomationEventKind kind, string eventKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} matched {Rules} rules, +{Added}/-{Removed} tags, stage {Stage}")]
    private partial void LogApplied(string corpId, string externalUserId, AutomationEventKind kind, int rules, int added, int removed, string? stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: no employee follows the customer, {Count} tag changes not mirrored to WeCom")]
    private partial void LogNoFollower(string corpId, string externalUserId, int count);

    /// <summary>
    /// The decision applied now (null: the event was applied before) and the effects to carry out (null: none; with
    /// no decision, the ones a previous delivery left pending).
    /// </summary>
    private sealed record Outcome(AutomationDecision? Decision, PendingEffects? Effects);
}

/// <summary>A fact arrived for a corp the gateway holds no authorization for: nothing can be done in WeCom for it. Permanent.</summary>
internal sealed class CorpNotAuthorizedForAutomationException(string corpId)
    : Exception($"Corp {corpId} has no stored authorization: its customers cannot be tagged (it never installed the suite here, or uninstalled it)"),
      IPermanentFailure
{
    public string CorpId { get; } = corpId;
}
