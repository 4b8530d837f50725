using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using WeComGateway.Storage;

namespace WeComGateway.Hosting;

public static class GatewayDefaults
{
    /// <summary>The OTLP exporter is used only when this is set (the standard OpenTelemetry variable).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Health checks (<c>live</c>: the process serves; <c>ready</c>: MassTransit's bus check, Redis when configured, their
    /// results also published as <c>wecomgw.health.status</c>) and OpenTelemetry: metrics of the gateway's meters,
    /// MassTransit, ASP.NET Core and HttpClient for the Prometheus scrape (<see cref="MapGatewayDefaults"/>); and when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces of the same and OTLP export of metrics, traces and logs.
    /// Works on any <see cref="IHostApplicationBuilder"/>; only <see cref="MapGatewayDefaults"/> needs a web server.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        var health = builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        if (StoreServiceCollectionExtensions.UsesRedis(builder.Configuration))
        {
            health.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, tags: ["ready"]);
        }

        builder.Services.AddSingleton<IHealthCheckPublisher, HealthStatusGauge>();
        builder.Services.Configure<HealthCheckPublisherOptions>(o => o.Period = TimeSpan.FromSeconds(15));
        builder.AddGatewayTelemetry();
        return builder;
    }

    public static WebApplication MapGatewayDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayTelemetry.MeterNames)
                .AddMeter(InstrumentationOptions.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            // Traces only where they go somewhere: a tracer provider records every span it listens to, exported or
            // not, and that is a measurable share of a callback's cost at thousands a second (docs/receiver.md).
            otel.WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.ActivitySourceNames)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation());

            // Logs too, with their scopes (CorpId, DedupeKey), so a trace and its log lines meet in the backend.
            otel.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            otel.UseOtlpExporter();
        }
    }

    /// <summary>Probes and scrapes every few seconds would drown the callback traces.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Degraded("Redis unreachable: dedupe off, outbox unavailable", ex);
            }
        }
    }
}
