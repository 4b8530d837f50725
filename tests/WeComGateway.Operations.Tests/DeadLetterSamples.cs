using System.Text;
using RabbitMQ.Client;

namespace WeComGateway.Operations.Tests;

/// <summary>Headers and bodies as a dead-lettered message carries them on RabbitMQ (strings arrive as UTF-8 bytes).</summary>
internal static class DeadLetterSamples
{
    public const string MessageId = "0b7a0000-5d2e-0015-a1b2-08dd3c4e5f60";
    public const string CorpId = "wwcorpfruitshop01";

    public static readonly string Envelope = $$"""
        {
          "messageId": "{{MessageId}}",
          "sourceAddress": "rabbitmq://localhost/receiver",
          "destinationAddress": "rabbitmq://localhost/WeComGateway.Contracts:CustomerPurchaseRecorded",
          "messageType": [ "urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded" ],
          "message": { "corpId": "{{CorpId}}", "externalUserId": "wmCustomer01", "orderId": "A-1", "amount": 128.5, "categories": [ "水果" ] },
          "sentTime": "2026-03-01T08:00:00Z"
        }
        """;

    public static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);

    public static Dictionary<string, object?> FaultHeaders(params (string Name, object? Value)[] extra)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Content-Type"] = Bytes("application/vnd.masstransit+json"),
            ["MT-Reason"] = Bytes("fault"),
            ["MT-Fault-ExceptionType"] = Bytes("WeComGateway.WeComApi.Errors.WeComApiException"),
            ["MT-Fault-Message"] = Bytes("externalcontact/mark_tag failed for corp wwcorpfruitshop01: errcode 40068 invalid tagid"),
            ["MT-Fault-StackTrace"] = Bytes("   at WeComGateway.Workers.Customers.CustomerAutomation.MirrorTagsAsync(...)"),
            ["MT-Fault-Timestamp"] = Bytes("2026-03-01T08:00:05.1234567Z"),
            ["MT-Fault-InputAddress"] = Bytes("rabbitmq://localhost/itprefix-customer-automation"),
            ["MT-Fault-MessageType"] = Bytes("urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded"),
            ["MT-Fault-ConsumerType"] = Bytes("WeComGateway.Workers.Customers.CustomerAutomationConsumer"),
            ["MT-Fault-RetryCount"] = 0,
            ["MT-Host-MachineName"] = Bytes("worker-1"),
        };
        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        return headers;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static AmqpTimestamp Timestamp(DateTimeOffset at) => new(at.ToUnixTimeSeconds());
}
