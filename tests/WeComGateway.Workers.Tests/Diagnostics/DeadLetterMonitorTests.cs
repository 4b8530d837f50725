using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Tests.Diagnostics;

/// <summary>The dead-letter gauge, against a scripted RabbitMQ management API.</summary>
public sealed class DeadLetterMonitorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddLogging(l => l.AddFakeLogging()).BuildServiceProvider();

    private const string Queues = """
        [{"name":"customer-automation","messages":7},{"name":"customer-automation_error","messages":2},
         {"name":"welcome_error","messages":0},{"name":"welcome_skipped","messages":4},{"name":"authorization-created_error"}]
        """;

    private static readonly RabbitMqManagementEndpoint Endpoint =
        RabbitMqManagementEndpoint.Resolve(new Uri("amqp://gateway:s3cret@rabbit.internal:5672/wecom"), null);

    [Fact]
    public async Task Every_error_queue_is_reported_with_its_depth_and_live_queues_are_not()
    {
        var api = new ScriptedManagementApi(HttpStatusCode.OK, Queues);
        using var monitor = Monitor(api, out var meters, out _);
        using var depth = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "wecomgw.dlq.depth");

        Assert.True(await monitor.PollOnceAsync(CancellationToken.None));
        depth.RecordObservableInstruments();

        var reported = depth.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["queue"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["customer-automation_error"] = 2, ["welcome_error"] = 0, ["authorization-created_error"] = 0 }, reported);
    }

    [Fact]
    public async Task The_poll_asks_for_the_vhost_of_the_AMQP_uri_with_its_credentials()
    {
        var api = new ScriptedManagementApi(HttpStatusCode.OK, "[]");
        using var monitor = Monitor(api, out _, out _);

        await monitor.PollOnceAsync(CancellationToken.None);

        var request = Assert.Single(api.Requests);
        Assert.Equal("http://rabbit.internal:15672/api/queues/wecom?columns=name,messages", request.Uri.ToString());
        Assert.Equal("gateway:s3cret", Encoding.UTF8.GetString(Convert.FromBase64String(request.Authorization!.Parameter!)));
    }

    [Fact]
    public async Task A_management_API_that_fails_is_logged_once_and_counted_while_the_last_depths_stay_and_nothing_throws()
    {
        var api = new ScriptedManagementApi(HttpStatusCode.OK, Queues);
        using var monitor = Monitor(api, out var meters, out var logs);
        using var depth = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "wecomgw.dlq.depth");
        using var failures = new MetricCollector<long>(meters, WorkerMetrics.MeterName, "wecomgw.dlq.poll_failures");
        await monitor.PollOnceAsync(CancellationToken.None);

        api.Answer = (HttpStatusCode.Unauthorized, "{}");
        Assert.False(await monitor.PollOnceAsync(CancellationToken.None));
        Assert.False(await monitor.PollOnceAsync(CancellationToken.None));

        Assert.Equal(2, failures.GetMeasurementSnapshot().Sum(m => m.Value));
        depth.RecordObservableInstruments();
        Assert.Contains(depth.GetMeasurementSnapshot(), m => (string?)m.Tags["queue"] == "customer-automation_error" && m.Value == 2);
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("rabbit.internal:15672", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", string.Join('\n', logs.GetSnapshot().Select(r => r.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_management_API_defaults_to_the_AMQP_host_on_15672_or_15671_for_amqps_with_the_same_credentials()
    {
        Assert.Equal((new Uri("http://rabbit.internal:15672/"), "wecom", "gateway", "s3cret"), (Endpoint.BaseUrl, Endpoint.VirtualHost, Endpoint.UserName, Endpoint.Password));

        var tls = RabbitMqManagementEndpoint.Resolve(new Uri("amqps://rabbit.internal/"), null);
        Assert.Equal((new Uri("https://rabbit.internal:15671/"), "/", "guest"), (tls.BaseUrl, tls.VirtualHost, tls.UserName));
        Assert.Equal("https://rabbit.internal:15671/api/queues/%2F?columns=name,messages", tls.QueuesUrl.ToString());
    }

    [Fact]
    public void Operations_RabbitMqManagementUrl_moves_the_API_and_its_credentials_win_without_showing_in_the_url()
    {
        var endpoint = RabbitMqManagementEndpoint.Resolve(
            new Uri("amqp://gateway:s3cret@rabbit.internal:5672/wecom"), "https://monitor:m0n@mq-admin.example.com/rabbitmq");

        Assert.Equal((new Uri("https://mq-admin.example.com/rabbitmq/"), "monitor", "m0n"), (endpoint.BaseUrl, endpoint.UserName, endpoint.Password));
        Assert.DoesNotContain("m0n", endpoint.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();

    private DeadLetterMonitor Monitor(ScriptedManagementApi api, out IMeterFactory meters, out FakeLogCollector logs)
    {
        var services = _services;
        meters = services.GetRequiredService<IMeterFactory>();
        logs = services.GetFakeLogCollector();
        return new DeadLetterMonitor(
            new OneClientFactory(api),
            Endpoint,
            Options.Create(new DeadLetterMonitorOptions()),
            meters,
            TimeProvider.System,
            services.GetRequiredService<ILogger<DeadLetterMonitor>>());
    }

    private sealed class ScriptedManagementApi(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public (HttpStatusCode Status, string Body) Answer { get; set; } = (status, body);

        public List<(Uri Uri, System.Net.Http.Headers.AuthenticationHeaderValue? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!, request.Headers.Authorization));
            return Task.FromResult(new HttpResponseMessage(Answer.Status) { Content = new StringContent(Answer.Body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class OneClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
