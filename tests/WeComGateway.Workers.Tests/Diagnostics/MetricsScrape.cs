namespace WeComGateway.Workers.Tests.Diagnostics;

/// <summary>
/// Tests that read a host's Prometheus scrape run alone: OpenTelemetry picks up every meter of a name in the process,
/// whichever container made it, so hosts of tests running in parallel would mix into (and, when disposed, drop) the
/// metric streams of the host under test. One host per process, as in production, keeps the scrape exact.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrape
{
    public const string Name = "metrics scrape";
}
