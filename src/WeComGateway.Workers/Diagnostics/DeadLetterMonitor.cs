using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>
/// <c>wecomgw.dlq.depth{queue}</c>: the messages in every <c>_error</c> queue of the vhost, polled from the RabbitMQ
/// management API every <see cref="DeadLetterMonitorOptions.DeadLetterPollInterval"/>. A failed poll is logged and
/// counted (<c>wecomgw.dlq.poll_failures</c>), the last depths stay reported, and the host keeps running.
/// </summary>
public sealed partial class DeadLetterMonitor : BackgroundService
{
    public const string HttpClientName = "wecomgw-rabbitmq-management";
    public const string ErrorQueueSuffix = "_error";

    private readonly IHttpClientFactory _http;
    private readonly RabbitMqManagementEndpoint _endpoint;
    private readonly DeadLetterMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadLetterMonitor> _logger;
    private readonly Counter<long> _pollFailures;
    private volatile IReadOnlyList<Measurement<long>> _depths = [];
    private bool _failing;

    public DeadLetterMonitor(
        IHttpClientFactory http,
        RabbitMqManagementEndpoint endpoint,
        IOptions<DeadLetterMonitorOptions> options,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<DeadLetterMonitor> logger)
    {
        _http = http;
        _endpoint = endpoint;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(WorkerMetrics.MeterName);
        meter.CreateObservableGauge("wecomgw.dlq.depth", () => _depths, description: "Messages in each _error queue (dead letters), as last polled from the RabbitMQ management API.");
        _pollFailures = meter.CreateCounter<long>("wecomgw.dlq.poll_failures", description: "Polls of the RabbitMQ management API that failed; the depths reported are then stale.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogMonitoring(_endpoint.ToString(), _options.DeadLetterPollInterval);
        using var timer = new PeriodicTimer(_options.DeadLetterPollInterval, _time);
        do
        {
            await PollOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll; never throws except for <paramref name="cancellationToken"/>. Returns whether it succeeded.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var queues = await ReadQueuesAsync(cancellationToken);
            _depths = [.. queues
                .Where(q => q.Name is { } name && name.EndsWith(ErrorQueueSuffix, StringComparison.Ordinal))
                .Select(q => new Measurement<long>(q.Messages ?? 0, new KeyValuePair<string, object?>("queue", q.Name)))];
            if (_failing)
            {
                _failing = false;
                LogRecovered();
            }

            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _pollFailures.Add(1);
            if (!_failing)
            {
                _failing = true;
                LogPollFailed(_endpoint.ToString(), ex.GetType().Name, ex.Message);
            }
            else
            {
                LogStillFailing(ex.GetType().Name);
            }

            return false;
        }
    }

    private async Task<List<QueueInfo>> ReadQueuesAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin(); // a root span every 30 s per replica is noise
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DeadLetterPollTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint.QueuesUrl);
        request.Headers.Authorization = _endpoint.Authorization;
        using var response = await _http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<QueueInfo>>(timeout.Token) ?? [];
    }

    private sealed record QueueInfo(string? Name, long? Messages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-letter gauge polls the RabbitMQ management API at {Endpoint} every {Interval}")]
    private partial void LogMonitoring(string endpoint, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-letter gauge: the RabbitMQ management API at {Endpoint} failed ({Error}: {Detail}); depths stay as last seen (set Operations:RabbitMqManagementUrl if it lives elsewhere)")]
    private partial void LogPollFailed(string endpoint, string error, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dead-letter gauge: the management API still fails ({Error})")]
    private partial void LogStillFailing(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-letter gauge: the RabbitMQ management API answers again")]
    private partial void LogRecovered();
}
