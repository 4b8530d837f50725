using System.Text.Json;
using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.Workers.Hosting;

/// <summary>What the error pipe reads off a failed message.</summary>
internal static class FailureFacts
{
    /// <summary>Attempts over every delivery: earlier ones (carried through redelivery) plus this one's retries + 1.</summary>
    public static int TotalAttempts(ExceptionReceiveContext context) =>
        (context.TransportHeaders.Get<int>(GatewayHeaders.FaultAttempts) ?? 0)
        + (context.ExceptionHeaders.Get<int>(MessageHeaders.FaultRetryCount) ?? 0) + 1;

    /// <summary>The corp: from WeCom's error, the receiver's header, or the message body (<c>message.corpId</c>).</summary>
    public static string? CorpId(ExceptionReceiveContext context, Exception exception)
    {
        var known = (exception as WeComApiException)?.CorpId ?? context.TransportHeaders.Get<string>(GatewayHeaders.CorpId);
        if (known is not null)
        {
            return known;
        }

        try
        {
            using var envelope = JsonDocument.Parse(context.Body.GetBytes());
            return envelope.RootElement.TryGetProperty("message", out var message)
                   && message.TryGetProperty("corpId", out var corpId) && corpId.ValueKind == JsonValueKind.String
                ? corpId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
