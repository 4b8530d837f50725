using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>
/// Another internal system, written without MassTransit: it declares its own queue, binds it to the exchanges named in
/// contracts/README.md and reads MassTransit's JSON envelope.
/// </summary>
public sealed class PlainSubscriber : IAsyncDisposable
{
    private const string MarkerType = "urn:message:WeComGateway.IntegrationTests:QueueMarker";

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly ConcurrentDictionary<string, bool> _markers = new(StringComparer.Ordinal);

    private PlainSubscriber(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>Every message as it came off the wire, markers left out: exchange, transport headers and body.</summary>
    public ConcurrentQueue<RawMessage> RawMessages { get; } = new();

    /// <summary>A message before parsing: header values as text (AMQP strings are bytes), the body as UTF-8.</summary>
    public sealed record RawMessage(string Exchange, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>A message as a subscriber sees it: exchange, messageId, messageType and the contract's fields.</summary>
    public sealed record Received(string Exchange, string MessageId, string[] MessageType, JsonElement Message)
    {
        public string SuiteId => Message.GetProperty("suiteId").GetString()!;

        public string DedupeKey => Message.GetProperty("dedupeKey").GetString()!;
    }

    /// <param name="durableQueue">A named durable queue that outlives a broker restart; null for a server-named exclusive one.</param>
    public static async Task<PlainSubscriber> BindAsync(IEnumerable<string> exchanges, string? durableQueue = null)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = durableQueue is null
            ? (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName
            : (await channel.QueueDeclareAsync(durableQueue, durable: true, exclusive: false, autoDelete: false)).QueueName;
        foreach (var exchange in exchanges)
        {
            // Declaring it as MassTransit does is harmless and lets a subscriber bind before the first event.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, string.Empty);
        }

        return new PlainSubscriber(connection, channel, queue);
    }

    public async Task StartConsumingAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var received = Parse(delivery.Exchange, delivery.Body.ToArray());
            if (received.MessageType.Contains(MarkerType))
            {
                _markers[received.MessageId] = true;
            }
            else
            {
                RawMessages.Enqueue(Raw(delivery.Exchange, delivery.BasicProperties.Headers, delivery.Body.ToArray()));
                Messages.Enqueue(received);
            }

            await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await _channel.BasicConsumeAsync(_queue, autoAck: false, consumer);
    }

    /// <summary>Reads whatever the queue holds right now (for a durable queue after a broker restart).</summary>
    public static async Task<List<Received>> DrainAsync(string durableQueue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var drained = new List<Received>();
        while (await channel.BasicGetAsync(durableQueue, autoAck: true) is { } result)
        {
            drained.Add(Parse(result.Exchange, result.Body.ToArray()));
        }

        return drained;
    }

    /// <summary>Binds this subscriber's queue to more exchanges (ones that exist already, e.g. a worker's endpoints).</summary>
    public async Task AlsoBindAsync(IEnumerable<string> exchanges)
    {
        foreach (var exchange in exchanges)
        {
            await _channel.QueueBindAsync(_queue, exchange, string.Empty);
        }
    }

    /// <summary>Reads what a queue holds (an <c>_error</c> queue, say) with the headers, and leaves it there.</summary>
    public static async Task<List<RawMessage>> PeekAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var peeked = new List<RawMessage>();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } result)
        {
            peeked.Add(Raw(result.Exchange, result.BasicProperties.Headers, result.Body.ToArray()));
        }

        return peeked; // unacknowledged: back in the queue when the channel closes
    }

    public static async Task DeleteQueueAsync(string durableQueue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(durableQueue);
    }

    /// <summary>Waits until <paramref name="count"/> messages matching <paramref name="match"/> have arrived, and returns those.</summary>
    public Task<List<Received>> WaitForAsync(Func<Received, bool> match, int count, TimeSpan timeout) =>
        Eventually.ValueAsync(
            () => Messages.Where(match).ToList() is { } found && found.Count >= count ? found : null,
            $"{count} matching message(s)",
            Eventually.Say(() => "received: " + string.Join(", ", Messages.Select(m => m.Exchange))),
            timeout);

    /// <summary>
    /// Sends a marker straight to this subscriber's queue and waits for it: a queue is first in, first out, so every
    /// message routed to it before (a duplicate the test looks for, say) has then been received. Call it once what the
    /// test checks has been published (a receiver publishes before it answers WeCom).
    /// </summary>
    public async Task SettleAsync()
    {
        var id = Guid.NewGuid().ToString();
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new { messageId = id, messageType = new[] { MarkerType }, message = new { } });
        await _channel.BasicPublishAsync(string.Empty, _queue, envelope);
        await Eventually.HoldsAsync(() => _markers.ContainsKey(id), "the marker to come through the subscriber's queue");
    }

    private static Received Parse(string exchange, byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new Received(
            exchange,
            root.GetProperty("messageId").GetString()!,
            root.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()!).ToArray(),
            root.GetProperty("message").Clone());
    }

    private static RawMessage Raw(string exchange, IDictionary<string, object?>? headers, byte[] body) =>
        new(exchange, (headers ?? new Dictionary<string, object?>()).ToDictionary(h => h.Key, h => HeaderText(h.Value), StringComparer.Ordinal), Encoding.UTF8.GetString(body));

    private static string HeaderText(object? value) => value switch
    {
        null => string.Empty,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IDictionary<string, object?> table => string.Join(", ", table.Select(t => $"{t.Key}={HeaderText(t.Value)}")),
        IEnumerable list and not string => string.Join(", ", list.Cast<object?>().Select(HeaderText)),
        _ => value.ToString() ?? string.Empty,
    };

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
