using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.IntegrationTests.Observability;

/// <summary>
/// docs/observability.md is what ops read and deploy/prometheus/alerts.yml what pages them: every instrument of the
/// gateway is in the doc under the exact name the OpenTelemetry Prometheus exporter gives it, and every metric an
/// alert rule names — the gateway's, MassTransit's and RabbitMQ's own — is in the doc. (promtool checks the rules'
/// syntax and behaviour: deploy/local/test.sh.)
/// </summary>
public sealed partial class MetricCatalogTests
{
    [Fact]
    public void Every_instrument_of_the_gateway_is_documented_under_the_name_it_is_exported_as()
    {
        var exported = ExportedGatewayMetrics();
        var documented = DocumentedMetrics().Where(n => n.StartsWith("wecomgw_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(exported.Except(documented)); // instruments the doc does not describe
        Assert.Empty(documented.Except(exported)); // the doc describes what no instrument is
    }

    [Fact]
    public void Every_metric_an_alert_rule_names_is_documented()
    {
        var documented = DocumentedMetrics();
        var rules = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "prometheus", "alerts.yml"))
            .Where(line => !line.TrimStart().StartsWith('#'));
        // Label names look like metric names: drop grouping lists, selectors and $labels.x before matching.
        var named = MetricName().Matches(NotMetrics().Replace(string.Join('\n', rules), " "))
            .Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.True(
            documented.Contains(name) || documented.Contains(HistogramSeries().Replace(name, string.Empty)),
            $"alerts.yml names {name}, which docs/observability.md does not list"));
        Assert.Contains("rabbitmq_queue_messages", named); // dead-letter depth: RabbitMQ's own per-queue series
    }

    /// <summary>Builds every metrics class and names each instrument as the exporter does (dots → _, unit suffix, _total).</summary>
    private static HashSet<string> ExportedGatewayMetrics()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var found = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    found.TryAdd(PrometheusName(instrument), 0);
                }
            },
        };
        listener.Start();

        _ = new ReceiverMetrics(meters);
        _ = new WeComApiMetrics(meters);
        _ = new WorkerMetrics(meters);
        var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        host.Services.AddSingleton(meters);
        host.AddGatewayDefaults();
        using (var provider = host.Services.BuildServiceProvider())
        {
            _ = provider.GetServices<IHealthCheckPublisher>().ToList();
        }

        return [.. found.Keys];
    }

    private static string PrometheusName(Instrument instrument)
    {
        var unit = instrument.Unit switch
        {
            null or "" => string.Empty,
            "ms" => "_milliseconds",
            "s" => "_seconds",
            var other => "_" + other,
        };
        var type = instrument.GetType().GetGenericTypeDefinition();
        var total = type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? "_total" : string.Empty;
        return instrument.Name.Replace('.', '_') + unit + total;
    }

    /// <summary>The names in the first column of the doc's metric tables (rows that start with a backticked name).</summary>
    private static HashSet<string> DocumentedMetrics() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "observability.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => MetricName().Matches(line.Split('|')[1]).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No global.json above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"\b(?:wecomgw|messaging_masstransit|rabbitmq)_[a-z0-9_]*[a-z0-9]\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)|\{[^}]*\}|\$labels\.\w+")]
    private static partial Regex NotMetrics();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();
}
