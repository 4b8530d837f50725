using System.Globalization;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Where a replayed message goes and which headers it carries. MassTransit names each receive endpoint's exchange
/// after its queue, so the exchange is the last path segment of <c>MT-Fault-InputAddress</c>
/// (<c>rabbitmq://host/vhost/orders</c> → <c>orders</c>), else the dead-letter queue's name without its suffix.
/// </summary>
public static class ReplayEnvelope
{
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
        header.StartsWith(HeaderNames.FaultPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.Reason, StringComparison.OrdinalIgnoreCase)
        || header.StartsWith(HeaderNames.GatewayFaultPrefix, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.GatewayRedeliveryCount, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.GatewayRedeliverTo, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.PublishSequenceNumber, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.ReplayedAt, StringComparison.OrdinalIgnoreCase)
        || header.Equals(HeaderNames.ReplayId, StringComparison.OrdinalIgnoreCase);

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

        headers[HeaderNames.ReplayedAt] = replayedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        headers[HeaderNames.ReplayId] = replayId.ToString("N", CultureInfo.InvariantCulture);
        return headers;
    }
}
