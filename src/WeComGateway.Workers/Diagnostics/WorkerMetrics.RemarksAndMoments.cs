using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The remark-rule instruments (docs/observability.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _remarkWrites = null!;

    /// <param name="outcome"><c>written</c>, <c>unchanged</c>, <c>superseded</c> or <c>not_a_contact</c>.</param>
    public void RemarkWrite(string outcome, int count = 1) => _remarkWrites.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    private void CreateRemarkAndMomentInstruments(Meter meter) =>
        _remarkWrites = meter.CreateCounter<long>(
            "wecomgw.automation.remarks", description: "Follow users' remarks the remark rules looked at, by outcome (written, unchanged, superseded, not_a_contact).");
}
