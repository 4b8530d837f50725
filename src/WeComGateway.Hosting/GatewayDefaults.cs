using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WeComGateway.Hosting;

public static class GatewayDefaults
{
    /// <summary>Health checks: <c>live</c> (the process serves) and <c>ready</c> (MassTransit's bus check, Redis when configured).</summary>
    public static IHostApplicationBuilder AddGatewayDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        var health = builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            health.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, tags: ["ready"]);
        }

        return builder;
    }

    public static WebApplication MapGatewayDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

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
