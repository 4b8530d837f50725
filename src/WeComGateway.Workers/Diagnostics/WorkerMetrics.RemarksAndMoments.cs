using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The remark-rule and moment instruments (docs/observability.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _remarkWrites = null!;
    private Counter<long> _momentTasks = null!;
    private Counter<long> _momentPolls = null!;

    /// <param name="outcome"><c>written</c>, <c>unchanged</c>, <c>superseded</c> or <c>not_a_contact</c>.</param>
    public void RemarkWrite(string outcome, int count = 1) => _remarkWrites.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>created</c>, <c>already_created</c>, <c>claimed_elsewhere</c>, <c>refused</c> or <c>not_authorized</c>.</param>
    public void MomentTask(string outcome) => _momentTasks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>published</c>, <c>failed</c>, <c>pending</c>, <c>expired</c> or <c>error</c>.</param>
    public void MomentPoll(string outcome) => _momentPolls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private void CreateRemarkAndMomentInstruments(Meter meter)
    {
        _remarkWrites = meter.CreateCounter<long>(
            "wecomgw.automation.remarks", description: "Follow users' remarks the remark rules looked at, by outcome (written, unchanged, superseded, not_a_contact).");
        _momentTasks = meter.CreateCounter<long>(
            "wecomgw.moments.tasks", description: "Moment create requests handled, by outcome (created, already_created, claimed_elsewhere, refused, not_authorized).");
        _momentPolls = meter.CreateCounter<long>(
            "wecomgw.moments.polls", description: "get_moment_task_result polls, by outcome (published, failed, pending, expired, error).");
    }
}
