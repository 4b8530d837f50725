using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.IntegrationTests.Observability;

/// <summary>The dead-letter gauge against the real RabbitMQ management API.</summary>
public sealed class DeadLetterGaugeTests
{
    [Fact]
    public async Task An_error_queue_holding_two_messages_is_reported_with_depth_two()
    {
        var queue = $"it{Guid.NewGuid():N}"[..18] + "-probe_error";
        var endpoint = RabbitMqManagementEndpoint.Resolve(new Uri(RealServices.RabbitMq), null);
        using var management = new HttpClient { BaseAddress = endpoint.BaseUrl };
        management.DefaultRequestHeaders.Authorization = endpoint.Authorization;
        var vhost = Uri.EscapeDataString(endpoint.VirtualHost);
        (await management.PutAsJsonAsync($"api/queues/{vhost}/{queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var publish = new { properties = new { }, routing_key = queue, payload = "{}", payload_encoding = "string" };
                (await management.PostAsJsonAsync($"api/exchanges/{vhost}/amq.default/publish", publish)).EnsureSuccessStatusCode();
            }

            using var services = new ServiceCollection().AddMetrics().AddHttpClient().BuildServiceProvider();
            using var monitor = new DeadLetterMonitor(
                services.GetRequiredService<IHttpClientFactory>(),
                endpoint,
                Options.Create(new DeadLetterMonitorOptions()),
                services.GetRequiredService<IMeterFactory>(),
                TimeProvider.System,
                NullLogger<DeadLetterMonitor>.Instance);
            using var depth = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
                services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, "wecomgw.dlq.depth");

            // The management API's message counts lag the broker by its stats interval (5 s by default).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            long? reported = null;
            while (reported != 2 && DateTime.UtcNow < deadline)
            {
                Assert.True(await monitor.PollOnceAsync(CancellationToken.None));
                depth.RecordObservableInstruments();
                reported = depth.GetMeasurementSnapshot().LastOrDefault(m => (string?)m.Tags["queue"] == queue)?.Value;
                if (reported != 2)
                {
                    await Task.Delay(500);
                }
            }

            Assert.Equal(2, reported);
        }
        finally
        {
            await management.DeleteAsync($"api/queues/{vhost}/{queue}");
        }
    }
}
