using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The remark-rule and customer-moment instruments (docs/observability.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _remarkWrites = null!;
    private Counter<long> _momentTasks = null!;
    private Counter<long> _momentPolls = null!;
    private Counter<long> _momentsFinished = null!;

    /// <param name="outcome"><c>written</c>, <c>unchanged</c>, <c>superseded</c> or <c>not_a_contact</c>.</param>
    public void RemarkWrite(string outcome, int count = 1) => _remarkWrites.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="outcome"><c>created</c>, <c>retried</c> (WeCom busy) or <c>suppressed</c> (created already, or in flight elsewhere).</param>
    public void MomentTask(string outcome) => _momentTasks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="status"><c>started</c>, <c>running</c>, <c>done</c> or <c>error</c>.</param>
    public void MomentPoll(string status) => _momentPolls.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <param name="outcome"><c>published</c>, <c>refused</c>, <c>task_failed</c>, <c>job_expired</c> or <c>outcome_unknown</c>.</param>
    public void MomentFinished(string outcome) => _momentsFinished.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private void CreateRemarkAndMomentInstruments(Meter meter)
    {
        _remarkWrites = meter.CreateCounter<long>(
            "wecomgw.automation.remarks", description: "Follow users' remarks the remark rules looked at, by outcome (written, unchanged, superseded, not_a_contact).");
        _momentTasks = meter.CreateCounter<long>(
            "wecomgw.moments.tasks", description: "add_moment_task attempts for customer moments, by outcome (created, retried, suppressed).");
        _momentPolls = meter.CreateCounter<long>(
            "wecomgw.moments.polls", description: "get_moment_task_result reads, by the task status found (started, running, done, error).");
        _momentsFinished = meter.CreateCounter<long>(
            "wecomgw.moments.finished", description: "Customer moments that ended, by outcome (published, refused, task_failed, job_expired, outcome_unknown).");
    }
}
