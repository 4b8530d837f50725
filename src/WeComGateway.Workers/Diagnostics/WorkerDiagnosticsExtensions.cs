using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Diagnostics;

public static class WorkerDiagnosticsExtensions
{
    /// <summary>
    /// The dead-letter gauge (<see cref="DeadLetterMonitor"/>), when the host runs on RabbitMQ
    /// (<c>ConnectionStrings:RabbitMq</c>); settings in section <c>Operations</c>. A malformed
    /// <c>Operations:RabbitMqManagementUrl</c> fails at start-up, an unreachable API only in the logs.
    /// </summary>
    public static IHostApplicationBuilder AddDeadLetterMonitor(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString(GatewayBus.ConnectionName);
        if (string.IsNullOrWhiteSpace(rabbit))
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddOptions<DeadLetterMonitorOptions>().BindConfiguration(DeadLetterMonitorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeadLetterMonitorOptions>, DeadLetterMonitorOptionsValidator>();
        builder.Services.AddSingleton(sp => RabbitMqManagementEndpoint.Resolve(
            new Uri(rabbit), sp.GetRequiredService<IOptions<DeadLetterMonitorOptions>>().Value.RabbitMqManagementUrl));
        builder.Services.AddHttpClient(DeadLetterMonitor.HttpClientName);
        builder.Services.AddHostedService<DeadLetterMonitor>();
        return builder;
    }

    private sealed class DeadLetterMonitorOptionsValidator : IValidateOptions<DeadLetterMonitorOptions>
    {
        public ValidateOptionsResult Validate(string? name, DeadLetterMonitorOptions options)
        {
            var failures = new List<string>();
            if (options.RabbitMqManagementUrl is { } url && !string.IsNullOrWhiteSpace(url)
                && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            {
                failures.Add($"{DeadLetterMonitorOptions.SectionName}:RabbitMqManagementUrl must be an http:// or https:// URL");
            }

            if (options.DeadLetterPollInterval <= TimeSpan.Zero)
            {
                failures.Add($"{DeadLetterMonitorOptions.SectionName}:DeadLetterPollInterval must be positive");
            }

            if (options.DeadLetterPollTimeout <= TimeSpan.Zero)
            {
                failures.Add($"{DeadLetterMonitorOptions.SectionName}:DeadLetterPollTimeout must be positive");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
