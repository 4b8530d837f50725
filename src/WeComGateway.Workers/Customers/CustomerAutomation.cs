using Microsoft.Extensions.Logging;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Tags;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// One event for one customer: load facts → (contact_edited: read the customer's tags from WeCom) → fold the event in →
/// decide (rules, lifecycle) → write the facts with the decision's effects as pending (compare-and-set) → carry the
/// effects out (one mark_tag, then the publishes) → clear them. WeCom is called through the grant
/// <see cref="CorpGrantSelector"/> picks for the corp (whichever suite delivered the event); an event of a corp that
/// holds no active grant changes nothing. A write conflict decides again from the newer facts without having called
/// WeCom again; a redelivery that finds the event applied and its effects still pending (the worker died after the
/// write) carries them out, and one that finds nothing pending does nothing (and reads nothing from WeCom).
/// </summary>
internal sealed partial class CustomerAutomation(
    CustomerFactsRepository customers,
    RuleSetProvider ruleSets,
    ChannelDirectoryProvider channels,
    CustomerEffects customerEffects,
    CustomerTagReader tagReader,
    CorpGrantSelector grants,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CustomerAutomation> logger)
{
    public async Task ProcessAsync(AutomationEvent e, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(e.CorpId, cancellationToken) is not { } grant)
        {
            metrics.AutomationEvent(e.Kind, "not_authorized");
            LogNotAuthorized(e.CorpId, e.ExternalUserId, e.Kind);
            return;
        }

        var ruleSet = await ruleSets.GetAsync(e.CorpId, cancellationToken);
        var channelDirectory = await channels.GetAsync(e.CorpId, cancellationToken);
        var current = await customers.GetAsync(e.CorpId, e.ExternalUserId, cancellationToken);
        var weComTags = await ReadWeComTagsAsync(e, current, grant, cancellationToken);
        var (outcome, customer) = await customers.UpdateAsync(e, current, stored => DecideAsync(stored, e, grant, ruleSet, channelDirectory, weComTags), cancellationToken);
        Report(e, outcome);
        if (outcome.Effects is { } effects)
        {
            IReadOnlyList<TagRef> notCreated;
            try
            {
                notCreated = await customerEffects.CarryOutAsync(customer.Facts, effects, cancellationToken);
            }
            catch (CorpNotAuthorizedException)
            {
                if (await grants.SelectAsync(e.CorpId, cancellationToken) is not null)
                {
                    throw; // another grant acts for the corp now: the redelivery goes through it
                }

                // The corp's last grant went while this event was in flight: its data is gone and stays gone.
                metrics.AutomationEvent(e.Kind, "uninstalled_meanwhile");
                LogUninstalledMeanwhile(e.CorpId, e.ExternalUserId, e.Kind);
                return;
            }

            if (notCreated.Count > 0)
            {
                LogTagsNotCreated(e.CorpId, e.ExternalUserId, string.Join(", ", notCreated));
            }

            // WeCom has acted: recording that is not cancelled with the consume (a broker connection lost mid-message
            // cancels it), or the redelivery would find the effects pending and call mark_tag again.
            await customers.ClearPendingAsync(e, customer, notCreated, facts => ruleSet.NextReevaluation(facts, time.GetUtcNow()), CancellationToken.None);
        }
    }

    /// <summary>
    /// contact_edited: the customer's corp tags as WeCom has them now (the callback says nothing of them, and employees
    /// set tags by hand), read once before deciding; null for other events, for an edit applied before (a redelivery),
    /// and for a customer who is nobody's contact any more.
    /// </summary>
    private async Task<WeComTags?> ReadWeComTagsAsync(AutomationEvent e, StoredCustomer current, CorpGrant grant, CancellationToken cancellationToken)
    {
        if (e.Kind != AutomationEventKind.ContactEdited || CustomerFactsUpdater.Apply(current.Facts, e) is null)
        {
            return null;
        }

        if (await tagReader.ReadAsync(grant, e.ExternalUserId, cancellationToken) is not { } tags)
        {
            metrics.CustomerTagsRead("not_a_contact");
            LogNotAContact(e.CorpId, e.ExternalUserId, grant.ToString());
            return null;
        }

        metrics.CustomerTagsRead("read");
        LogTagsRead(e.CorpId, e.ExternalUserId, tags.Count, grant.ToString());
        return new WeComTags(tags, current);
    }

    /// <summary>What to write for the event, if anything; no effect outside the gateway (it runs again after a conflict).</summary>
    private Task<(Outcome, CustomerWrite?)> DecideAsync(StoredCustomer stored, AutomationEvent e, CorpGrant grant, RuleSet ruleSet, ChannelDirectory channelDirectory, WeComTags? weComTags)
    {
        if (stored.PendingOf(e.EventKey) is { } unfinished)
        {
            return Task.FromResult<(Outcome, CustomerWrite?)>((new Outcome(null, unfinished), null));
        }

        if (CustomerFactsUpdater.Apply(stored.Facts, e) is not { } folded)
        {
            return Task.FromResult<(Outcome, CustomerWrite?)>((new Outcome(null, null), null));
        }

        if (weComTags is not null)
        {
            folded = CustomerFactsUpdater.WithWeComTags(folded, weComTags.Tags, weComTags.InFlight(stored));
        }

        var now = time.GetUtcNow();
        var decision = ruleSet.Evaluate(folded, e, now, channelDirectory);
        PendingTagChange? tags = null;
        if (decision.ChangesWeComTags && Follower(decision, e) is { } employee)
        {
            tags = new PendingTagChange(grant.SuiteId, employee, decision.AddTags, decision.RemoveTags);
            LogTaggingThrough(e.CorpId, e.ExternalUserId, grant.ToString());
        }
        else if (decision.ChangesWeComTags)
        {
            LogNoFollower(e.CorpId, e.ExternalUserId, decision.AddTags.Count + decision.RemoveTags.Count);
            decision = WithoutTagChanges(decision);
        }

        var effects = PendingEffects.Of(e, decision, tags, now);
        if (decision.Remark is { } remark)
        {
            effects = effects with { Remark = new PendingRemark(grant.SuiteId, remark) };
        }

        var pending = effects.IsEmpty ? stored.Pending : [.. stored.Pending, effects];
        return Task.FromResult<(Outcome, CustomerWrite?)>(
            (new Outcome(decision, effects.IsEmpty ? null : effects), new CustomerWrite(decision.Next, pending, ruleSet.NextReevaluation(decision.Next, now))));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} dropped, the corp holds no active grant (not installed here, uninstalled, or every permanent code refused)")]
    private partial void LogNotAuthorized(string corpId, string externalUserId, AutomationEventKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} stopped, the corp's last grant was cancelled meanwhile; nothing of it is kept")]
    private partial void LogUninstalledMeanwhile(string corpId, string externalUserId, AutomationEventKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: tags go to WeCom through {Grant}")]
    private partial void LogTaggingThrough(string corpId, string externalUserId, string grant);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} {EventKey} was applied before; nothing to do")]
    private partial void LogAlreadyApplied(string corpId, string externalUserId, AutomationEventKind kind, string eventKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} {EventKey} was applied before but its effects were not carried out; carrying them out now")]
    private partial void LogRepairing(string corpId, string externalUserId, AutomationEventKind kind, string eventKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: {Kind} matched {Rules} rules, +{Added}/-{Removed} tags, stage {Stage}")]
    private partial void LogApplied(string corpId, string externalUserId, AutomationEventKind kind, int rules, int added, int removed, string? stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: no employee follows the customer, {Count} tag changes not mirrored to WeCom")]
    private partial void LogNoFollower(string corpId, string externalUserId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Corp {CorpId} customer {ExternalUserId}: WeCom has {Count} corp tags on the customer (read through {Grant})")]
    private partial void LogTagsRead(string corpId, string externalUserId, int count, string grant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: WeCom says the customer is nobody's contact any more (84061, through {Grant}); the edit is applied without reading their tags")]
    private partial void LogNotAContact(string corpId, string externalUserId, string grant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId} customer {ExternalUserId}: tags [{Tags}] could not be created in WeCom; their addition is dropped from the facts, the rest of the decision stays")]
    private partial void LogTagsNotCreated(string corpId, string externalUserId, string tags);

    /// <summary>
    /// The decision applied now (null: the event was applied before) and the effects to carry out (null: none; with
    /// no decision, the ones a previous delivery left pending).
    /// </summary>
    private sealed record Outcome(AutomationDecision? Decision, PendingEffects? Effects);

    /// <summary>The customer's corp tags as WeCom answered, and the customer as stored just before WeCom was asked.</summary>
    private sealed record WeComTags(IReadOnlyList<TagRef> Tags, StoredCustomer Before)
    {
        /// <summary>
        /// The tags whose state WeCom's answer may not show yet: those of tag changes pending before WeCom was asked or
        /// now, and those the gateway's facts added or removed since (a change carried out and cleared meanwhile).
        /// </summary>
        public IReadOnlyCollection<TagRef> InFlight(StoredCustomer now)
        {
            var changing = new HashSet<TagRef>();
            foreach (var change in Before.Pending.Concat(now.Pending).Select(p => p.Tags).OfType<PendingTagChange>())
            {
                changing.UnionWith(change.Add);
                changing.UnionWith(change.Remove);
            }

            changing.UnionWith(Before.Facts.Tags.Except(now.Facts.Tags));
            changing.UnionWith(now.Facts.Tags.Except(Before.Facts.Tags));
            return changing;
        }
    }
}
