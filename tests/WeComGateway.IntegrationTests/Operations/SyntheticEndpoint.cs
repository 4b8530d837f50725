using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WeComGateway.IntegrationTests.Operations;

/// <summary>
/// A receive endpoint laid out on the real RabbitMQ the way MassTransit lays one out — a fanout exchange named like
/// its queue, bound to it, and the <c>_error</c> queue next to it — without a consumer, so a test decides what sits in
/// each. <see cref="FailAsync"/> puts messages into <c>_error</c> with the headers MassTransit and the workers write.
/// Everything is deleted on dispose.
/// </summary>
internal sealed class SyntheticEndpoint : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private SyntheticEndpoint(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        Queue = queue;
    }

    public string Queue { get; }

    public string ErrorQueue => Queue + "_error";

    public static async Task<SyntheticEndpoint> CreateAsync()
    {
        var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = "itdlq" + RandomNumberGenerator.GetHexString(8, lowercase: true) + "-orders";
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, queue, string.Empty);
        await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false);
        return new SyntheticEndpoint(connection, channel, queue);
    }

    /// <summary>Dead-letters one message per fault, in order; returns their message ids.</summary>
    public async Task<IReadOnlyList<string>> FailAsync(params Fault[] faults)
    {
        var ids = new List<string>();
        foreach (var fault in faults)
        {
            var id = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                messageId = id,
                messageType = new[] { "urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded" },
                message = new { corpId = fault.CorpId, externalUserId = "wmCustomer", orderId = fault.OrderId, amount = 12.5m, categories = new[] { "水果" } },
            });
            var headers = new Dictionary<string, object?>
            {
                ["Content-Type"] = "application/vnd.masstransit+json",
                ["MT-Reason"] = "fault",
                ["MT-Fault-ExceptionType"] = "WeComGateway.WeComApi.Errors.WeComApiException",
                ["MT-Fault-Message"] = $"mark_tag failed: errcode {fault.ErrCode}",
                ["MT-Fault-StackTrace"] = "   at Somewhere()",
                ["MT-Fault-Timestamp"] = fault.FailedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["MT-Fault-InputAddress"] = $"rabbitmq://127.0.0.1/{fault.Endpoint ?? Queue}",
                ["MT-Fault-RetryCount"] = 0,
                ["wecomgw-fault-errcode"] = fault.ErrCode,
                ["wecomgw-fault-reason"] = "permanent",
                ["wecomgw-fault-attempts"] = 1,
                ["wecomgw-dedupe-key"] = fault.OrderId,
            };
            var properties = new BasicProperties
            {
                MessageId = id,
                ContentType = "application/vnd.masstransit+json",
                Persistent = true,
                Headers = headers,
            };
            await _channel.BasicPublishAsync(string.Empty, ErrorQueue, mandatory: true, properties, body);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Puts a plain message into the live queue (which has no consumer here).</summary>
    public async Task PublishLiveAsync() =>
        await _channel.BasicPublishAsync(Queue, string.Empty, mandatory: true, new BasicProperties { MessageId = Guid.NewGuid().ToString() }, "{}"u8.ToArray());

    public async Task<long> DepthAsync(string queue) => (await _channel.QueueDeclarePassiveAsync(queue)).MessageCount;

    /// <summary>Takes (and acknowledges) every message of the queue, in order.</summary>
    public async Task<IReadOnlyList<BasicGetResult>> DrainAsync(string queue)
    {
        var messages = new List<BasicGetResult>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    public static string? Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(Queue);
            await _channel.QueueDeleteAsync(ErrorQueue);
            await _channel.ExchangeDeleteAsync(Queue);
        }
        catch (OperationInterruptedException)
        {
            // Best effort: the prefix keeps leftovers apart.
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>One dead-lettered purchase: whose, which order, which errcode, when, and the endpoint it failed on.</summary>
    public sealed record Fault(string CorpId, string OrderId, int ErrCode = 40068, string? Endpoint = null)
    {
        public DateTimeOffset FailedAt { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-5);
    }
}
