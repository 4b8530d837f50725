using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The campaign instruments (docs/observability.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _campaignTasks = null!;
    private Counter<long> _campaignCustomers = null!;

    /// <param name="outcome"><c>created</c>, <c>refused</c> (WeCom refused it for good) or <c>already_created</c>.</param>
    public void CampaignTask(string outcome) => _campaignTasks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome">
    /// <c>planned</c>, <c>skipped_by_limit</c> (the gateway left them out), <c>failed</c> (fail_list, refused task),
    /// <c>sent</c>, <c>not_friend</c>, <c>over_limit</c> (WeCom's limit) or <c>unsent</c> (tracking ended).
    /// </param>
    public void CampaignCustomers(string outcome, int count)
    {
        if (count > 0)
        {
            _campaignCustomers.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private void CreateCampaignInstruments(Meter meter)
    {
        _campaignTasks = meter.CreateCounter<long>(
            "wecomgw.campaigns.tasks", description: "Campaign tasks (add_msg_template), by outcome (created, refused, already_created).");
        _campaignCustomers = meter.CreateCounter<long>(
            "wecomgw.campaigns.customers", description: "Campaign customers by outcome (planned, skipped_by_limit, failed, sent, not_friend, over_limit, unsent).");
    }
}
