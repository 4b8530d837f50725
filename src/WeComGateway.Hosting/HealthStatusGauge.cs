using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WeComGateway.Hosting;

/// <summary>
/// <c>wecomgw.health.status{check}</c>: the last result of every health check (0 unhealthy, 1 degraded, 2 healthy, the
/// values of <see cref="HealthStatus"/>), published every <see cref="HealthCheckPublisherOptions.Period"/>, so a
/// Prometheus alert can see a host that serves but is not ready.
/// </summary>
internal sealed class HealthStatusGauge : IHealthCheckPublisher
{
    private volatile IReadOnlyList<Measurement<int>> _last = [];

    public HealthStatusGauge(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.Hosting);
        meter.CreateObservableGauge(
            "wecomgw.health.status",
            () => _last,
            description: "Last result of each health check: 0 unhealthy, 1 degraded, 2 healthy.");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = [.. report.Entries.Select(e => new Measurement<int>((int)e.Value.Status, new KeyValuePair<string, object?>("check", e.Key)))];
        return Task.CompletedTask;
    }
}
