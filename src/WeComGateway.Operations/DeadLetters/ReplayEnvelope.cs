using System.Globalization;
using WeComGateway.Contracts;
using MessageHeaders = MassTransit.MessageHeaders;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Where a replayed message goes and which headers it carries. MassTransit names each receive endpoint's exchange
/// after its queue, so the exchange is the last path segment of <c>MT-Fault-InputAddress</c>
/// (<c>rabbitmq://host/vhost/orders</c> → <c>orders</c>), else the dead-letter queue's name without its suffix.
/// </summary>
public static class ReplayEnvelope
{
    /// <summary>What MassTransit's fault headers (<c>MT-Fault-ExceptionType</c>, …) start with.</summary>
    private const string MassTransitFaultPrefix = "MT-Fault-";

    /// <summary>
    /// RabbitMQ.Client's publisher-confirm tracking stamps every publish with its sequence number; a copied stale one
    /// could pair a broker return with the wrong publish, so replay drops it and the client stamps its own.
    /// </summary>
    private const string PublishSequenceNumber = "x-dotnet-pub-seq-no";

    public static string DestinationFor(string deadLetterQueue, string? inputAddress)
    {
        var fallback = DeadLetterQueueNames.LiveQueueOf(deadLetterQueue);
        if (string.IsNullOrWhiteSpace(inputAddress) || !Uri.TryCreate(inputAddress.Trim(), UriKind.Absolute, out var address))
        {
            return fallback;
        }

        var segment = Uri.UnescapeDataString(address.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        // Never "replay" into another dead-letter queue, nor into nothing.
        return segment.Length == 0 || DeadLetterQueueNames.IsDeadLetterQueue(segment) ? fallback : segment;
    }

    /// <summary>
    /// Whether replay drops the header: MassTransit's fault details, the workers' fault and redelivery headers (so the
    /// replayed message starts with a fresh retry and redelivery budget), the client's publish sequence number, and an
    /// earlier replay's stamps.
    /// </summary>
    public static bool IsStripped(string header) =>
        header.StartsWith(MassTransitFaultPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals(MessageHeaders.Reason, StringComparison.OrdinalIgnoreCase)
        || header.StartsWith(GatewayHeaders.FaultPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals(GatewayHeaders.RedeliveryCount, StringComparison.OrdinalIgnoreCase)
        || header.Equals(GatewayHeaders.RedeliverTo, StringComparison.OrdinalIgnoreCase)
        || header.Equals(PublishSequenceNumber, StringComparison.OrdinalIgnoreCase)
        || header.Equals(GatewayHeaders.ReplayedAt, StringComparison.OrdinalIgnoreCase)
        || header.Equals(GatewayHeaders.ReplayId, StringComparison.OrdinalIgnoreCase);

    /// <summary>The original headers without the fault ones, plus when and by which run the message was replayed.</summary>
    public static Dictionary<string, object?> HeadersFor(IDictionary<string, object?>? original, Guid replayId, DateTimeOffset replayedAt)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in original ?? new Dictionary<string, object?>())
        {
            if (!IsStripped(name))
            {
                headers[name] = value;
            }
        }

        headers[GatewayHeaders.ReplayedAt] = replayedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        headers[GatewayHeaders.ReplayId] = replayId.ToString("N", CultureInfo.InvariantCulture);
        return headers;
    }
}
