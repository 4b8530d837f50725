using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using WeComGateway.Contracts;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Delayed redelivery on a plain RabbitMQ: a parked message waits in <c>wecomgw.redelivery.{seconds}s</c> (a durable
/// queue with that message TTL and no consumer), then RabbitMQ dead-letters it to the headers exchange
/// <c>wecomgw.redelivery.return</c>, which routes on <see cref="GatewayHeaders.RedeliverTo"/> back to the queue it came
/// from. Original body and properties are kept; publishes are confirmed before the original is acknowledged.
/// </summary>
internal sealed partial class RedeliveryParking(IOptions<RedeliveryOptions> options, IConfiguration configuration, ILogger<RedeliveryParking> logger)
    : IAsyncDisposable
{
    public const string ReturnExchange = "wecomgw.redelivery.return";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _declared = new(StringComparer.Ordinal);
    private readonly Uri? _broker = GatewayBus.RabbitMqUri(configuration);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>The waits for messages of <paramref name="queue"/> (its own schedule, or the default one).</summary>
    public IReadOnlyList<TimeSpan> IntervalsFor(string queue) => options.Value.IntervalsFor(queue);

    /// <summary>Only on RabbitMQ (<c>ConnectionStrings:RabbitMq</c>); the in-memory transport parks nothing.</summary>
    public bool CanPark(string queue, int redeliveries) => options.Value.Enabled && _broker is not null && redeliveries < IntervalsFor(queue).Count;

    public static string StageQueue(TimeSpan interval) =>
        $"wecomgw.redelivery.{((long)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";

    /// <summary>Parks one message for its <paramref name="redeliveries"/>-th redelivery (0-based) and waits for the broker's confirm.</summary>
    public async Task ParkAsync(string queue, int redeliveries, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties original,
        IDictionary<string, object?> extraHeaders, CancellationToken cancellationToken)
    {
        var interval = IntervalsFor(queue)[redeliveries];
        var stage = StageQueue(interval);
        var properties = new BasicProperties
        {
            ContentType = original.ContentType,
            ContentEncoding = original.ContentEncoding,
            MessageId = original.MessageId,
            CorrelationId = original.CorrelationId,
            Type = original.Type,
            Timestamp = original.Timestamp,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(original.Headers ?? new Dictionary<string, object?>(), StringComparer.Ordinal),
        };
        foreach (var (key, value) in extraHeaders)
        {
            properties.Headers[key] = value;
        }

        properties.Headers[GatewayHeaders.RedeliverTo] = queue;
        properties.Headers[GatewayHeaders.RedeliveryCount] = redeliveries + 1;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await ChannelAsync(cancellationToken);
            await DeclareAsync(channel, stage, interval, queue, cancellationToken);
            await channel.BasicPublishAsync(string.Empty, stage, mandatory: true, properties, body, cancellationToken);
        }
        catch
        {
            await ResetAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }

        LogParked(queue, original.MessageId, redeliveries + 1, interval.TotalSeconds, extraHeaders.TryGetValue(GatewayHeaders.FaultAttempts, out var attempts) && attempts is int count ? count : 0);
    }

    private async Task DeclareAsync(IChannel channel, string stage, TimeSpan interval, string queue, CancellationToken cancellationToken)
    {
        if (_declared.TryAdd(stage, true))
        {
            await channel.ExchangeDeclareAsync(ReturnExchange, ExchangeType.Headers, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(stage, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)interval.TotalMilliseconds,
                ["x-dead-letter-exchange"] = ReturnExchange,
            }, cancellationToken: cancellationToken);
        }

        if (_declared.TryAdd("bind:" + queue, true))
        {
            await channel.QueueBindAsync(queue, ReturnExchange, string.Empty, new Dictionary<string, object?>
            {
                ["x-match"] = "all",
                [GatewayHeaders.RedeliverTo] = queue,
            }, cancellationToken: cancellationToken);
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await ResetAsync();
        var factory = new ConnectionFactory { Uri = _broker ?? throw new InvalidOperationException("Redelivery parking needs RabbitMQ"), ClientProvidedName = "wecomgw-redelivery" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private async Task ResetAsync()
    {
        _declared.Clear();
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} of {Queue} parked for redelivery {Redelivery} in {Seconds} s after {Attempts} attempts")]
    private partial void LogParked(string queue, string? messageId, int redelivery, double seconds, int attempts);
}
