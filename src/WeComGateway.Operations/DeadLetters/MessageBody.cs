using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WeComGateway.Contracts;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// What the body says: the MassTransit envelope (<c>application/vnd.masstransit+json</c>: <c>messageId</c>,
/// <c>messageType</c>, the event under <c>message</c>) or a raw JSON message, and a readable rendering of it.
/// </summary>
public sealed record MessageBody(string? MessageId, string? MessageType, string? CorpId, string Pretty)
{
    private static readonly JsonSerializerOptions PrettyJson = new()
    {
        WriteIndented = true,
        // For showing to an operator only: keep 中文 readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static MessageBody Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var pretty = JsonSerializer.Serialize(root, PrettyJson);
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new MessageBody(null, null, null, pretty);
            }

            var isEnvelope = root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object;
            var payload = isEnvelope ? message : root;
            return new MessageBody(
                isEnvelope ? StringProperty(root, "messageId") : null,
                isEnvelope ? FirstMessageType(root) : null,
                StringProperty(payload, "corpId"),
                pretty);
        }
        catch (JsonException)
        {
            return new MessageBody(null, null, null, Readable(body.Span));
        }
    }

    /// <summary><c>urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded</c> → <c>WeComGateway.Contracts:CustomerPurchaseRecorded</c>.</summary>
    public static string? DisplayType(string? messageType) =>
        messageType is not null && messageType.StartsWith(MessageCatalogue.MessageTypeUrnPrefix, StringComparison.OrdinalIgnoreCase)
            ? messageType[MessageCatalogue.MessageTypeUrnPrefix.Length..]
            : messageType;

    private static string? FirstMessageType(JsonElement envelope) =>
        envelope.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
            && types[0].ValueKind == JsonValueKind.String
            ? types[0].GetString()
            : null;

    private static string? StringProperty(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static string Readable(ReadOnlySpan<byte> body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(body);
        }
    }
}
