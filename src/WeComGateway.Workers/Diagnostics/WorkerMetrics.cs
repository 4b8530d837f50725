using System.Diagnostics.Metrics;
using WeComGateway.Automation;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>
/// The worker host's own instruments (meter <c>WeComGateway.Workers</c>); how consumers fare (consumed, faulted,
/// retried, duration) comes from MassTransit's meter. Tag values are closed sets; never a corp id.
/// </summary>
internal sealed partial class WorkerMetrics
{
    public const string MeterName = GatewayTelemetry.Workers;

    /// <summary>WeCom's window is 20 s and its event time has whole seconds: finer buckets below 1 s would mislead.</summary>
    private static readonly double[] WelcomeBuckets = [0.5, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 30];

    private readonly Histogram<double> _welcomeLatency;
    private readonly Counter<long> _welcomeExpired;
    private readonly Counter<long> _welcomeSkipped;
    private readonly Counter<long> _automationEvents;
    private readonly Counter<long> _automationConflicts;
    private readonly Counter<long> _customerTagReads;
    private readonly Counter<long> _tagsNotCreated;
    private readonly Counter<long> _backfillCustomers;
    private readonly Counter<long> _backfillPages;
    private readonly Counter<long> _backfillRuns;
    private readonly Counter<long> _fissionEvents;
    private readonly Counter<long> _storeCodeCounted;
    private readonly Counter<long> _leadTransitions;
    private readonly Counter<long> _appMessages;
    private readonly Counter<long> _channelStatsEvents;
    private readonly Counter<long> _channelReconciliations;
    private readonly Histogram<long> _channelReconciliationDifference;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _welcomeLatency = meter.CreateHistogram(
            "wecomgw.welcome.latency",
            unit: "s",
            description: "From WeCom's event time (whole seconds) to send_welcome_msg answered ok; its count is the welcomes sent.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WelcomeBuckets });
        _welcomeExpired = meter.CreateCounter<long>(
            "wecomgw.welcome.expired", description: "Welcomes not sent because WeCom's 20 s window closed, by reason (window_passed, code_expired).");
        _welcomeSkipped = meter.CreateCounter<long>(
            "wecomgw.welcome.skipped", description: "Welcomes deliberately not sent, by reason (already_sent, already_chatting, no_template).");
        _automationEvents = meter.CreateCounter<long>(
            "wecomgw.automation.events", description: "Customer events applied by customer automation, by kind and outcome (applied, already_applied, repaired, conflicts_exhausted).");
        _automationConflicts = meter.CreateCounter<long>(
            "wecomgw.automation.conflict_retries", description: "Customer writes that lost the compare-and-set to another worker and were decided again, by kind.");
        _customerTagReads = meter.CreateCounter<long>(
            "wecomgw.automation.customer_tag_reads", description: "Reads of a customer's tags from WeCom (externalcontact/get) on contact_edited, by outcome (read, not_a_contact).");
        _tagsNotCreated = meter.CreateCounter<long>(
            "wecomgw.tags.not_created", description: "Tags the rules wanted that were not created in WeCom (and not applied), by reason (corp_tag_cap, wecom_refused).");
        _backfillCustomers = meter.CreateCounter<long>(
            "wecomgw.backfill.customers", description: "Customer entries the existing-customer backfill read from WeCom, by outcome (created, merged, unchanged).");
        _backfillPages = meter.CreateCounter<long>(
            "wecomgw.backfill.pages", description: "batch/get_by_user pages the existing-customer backfill read and stored its progress after.");
        _backfillRuns = meter.CreateCounter<long>(
            "wecomgw.backfill.runs", description: "Backfill requests by outcome (done, failed, already_running, already_done, not_authorized, taken_over).");
        _fissionEvents = meter.CreateCounter<long>(
            "wecomgw.fission.events", description: "Adds and deletes judged by the fission campaigns, by kind (add, delete) and outcome (credited, repeat, readd, self_add, not_customer, outside_campaign, deleted_early, lost, revoked, recorded, not_fission, no_campaigns, not_authorized).");
        _storeCodeCounted = meter.CreateCounter<long>(
            "wecomgw.storecodes.events", description: "Adds through store codes and joins through group codes, by kind (add, join) and outcome (counted, duplicate, not_authorized).");
        _leadTransitions = meter.CreateCounter<long>(
            "wecomgw.leads.transitions", description: "Lead pool transitions, by kind (assigned, converted, returned, exhausted).");
        _appMessages = meter.CreateCounter<long>(
            "wecomgw.app_messages", description: "Application messages (message/send), by purpose (lead_reminder, deletion_alert) and outcome (sent, suppressed, unreachable).");
        _channelStatsEvents = meter.CreateCounter<long>(
            "wecomgw.channels.stats_events", description: "Adds and deletes seen by the channel statistics, by kind and outcome (counted, already_counted, not_authorized, transfer_skipped).");
        _channelReconciliations = meter.CreateCounter<long>(
            "wecomgw.channels.reconciliations", description: "Corp days checked against WeCom's get_user_behavior_data, by outcome (matched, differs, failed, not_authorized).");
        _channelReconciliationDifference = meter.CreateHistogram<long>(
            "wecomgw.channels.reconciliation_difference", description: "Per employee and day: |gateway − WeCom| of adds (new_contact_cnt) and of deletions by the customer (negative_feedback_cnt), by figure (adds, deleted_by_customer).");
        CreateRemarkAndMomentInstruments(meter);
        CreateCampaignInstruments(meter);
        CreateMediaInstruments(meter);
        CreateWebhookInstruments(meter);
        CreateStoreOutageInstruments(meter);
    }

    /// <param name="kind"><c>assigned</c>, <c>converted</c>, <c>returned</c> or <c>exhausted</c>.</param>
    public void LeadTransition(string kind) => _leadTransitions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <param name="purpose"><c>lead_reminder</c> or <c>deletion_alert</c>.</param>
    /// <param name="outcome"><c>sent</c>, <c>suppressed</c> (already sent: redelivery, once a day) or <c>unreachable</c> (WeCom refused every recipient).</param>
    public void AppMessage(string purpose, string outcome) =>
        _appMessages.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("outcome", outcome));

    public void WelcomeSent(TimeSpan sinceEvent) => _welcomeLatency.Record(Math.Max(0, sinceEvent.TotalSeconds));

    /// <param name="reason"><c>window_passed</c> or <c>code_expired</c>.</param>
    public void WelcomeExpired(string reason) => _welcomeExpired.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="reason"><c>already_sent</c>, <c>already_chatting</c> or <c>no_template</c>.</param>
    public void WelcomeSkipped(string reason) => _welcomeSkipped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="outcome">
    /// <c>applied</c>, <c>already_applied</c>, <c>repaired</c> (applied before, its pending effects carried out now) or
    /// <c>conflicts_exhausted</c>.
    /// </param>
    public void AutomationEvent(AutomationEventKind kind, string outcome) =>
        _automationEvents.Add(1, new KeyValuePair<string, object?>("kind", kind.JsonName()), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>read</c> or <c>not_a_contact</c> (84061: nobody's contact any more).</param>
    public void CustomerTagsRead(string outcome) => _customerTagReads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="reason"><c>corp_tag_cap</c> (<c>Automation:MaxCorpTags</c> reached) or <c>wecom_refused</c> (add_corp_tag refused for good).</param>
    public void TagsNotCreated(string reason, int count) => _tagsNotCreated.Add(count, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="outcome"><c>created</c>, <c>merged</c> or <c>unchanged</c>.</param>
    public void BackfillCustomers(string outcome, long count)
    {
        if (count > 0)
        {
            _backfillCustomers.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void BackfillPage() => _backfillPages.Add(1);

    /// <param name="outcome">
    /// <c>done</c>, <c>failed</c>, <c>already_running</c>, <c>already_done</c>, <c>not_authorized</c> or
    /// <c>taken_over</c> (another run took it over, or the corp's data was removed meanwhile).
    /// </param>
    /// <param name="kind"><c>add</c> or <c>delete</c>.</param>
    public void FissionEvent(string kind, string outcome) =>
        _fissionEvents.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void BackfillRun(string outcome) => _backfillRuns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="kind"><c>added</c>, <c>deleted_by_customer</c> or <c>deleted_by_employee</c>.</param>
    /// <param name="outcome"><c>counted</c>, <c>already_counted</c>, <c>not_authorized</c> or <c>transfer_skipped</c>.</param>
    public void ChannelStatsEvent(string kind, string outcome) =>
        _channelStatsEvents.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>matched</c>, <c>differs</c>, <c>failed</c> or <c>not_authorized</c>.</param>
    public void ChannelReconciliation(string outcome) => _channelReconciliations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="figure"><c>adds</c> or <c>deleted_by_customer</c>.</param>
    public void ChannelReconciliationDifference(string figure, long difference) =>
        _channelReconciliationDifference.Record(Math.Abs(difference), new KeyValuePair<string, object?>("figure", figure));

    public void AutomationConflict(AutomationEventKind kind) =>
        _automationConflicts.Add(1, new KeyValuePair<string, object?>("kind", kind.JsonName()));

    /// <param name="kind"><c>add</c> or <c>join</c>.</param>
    /// <param name="outcome"><c>counted</c>, <c>duplicate</c> or <c>not_authorized</c>.</param>
    public void StoreCodeCounted(string kind, string outcome) =>
        _storeCodeCounted.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
}
