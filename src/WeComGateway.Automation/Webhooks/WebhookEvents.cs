using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeComGateway.Contracts;

namespace WeComGateway.Automation.Webhooks;

/// <summary>
/// The events a webhook can subscribe to — the names of the records the gateway publishes
/// (<see cref="MessageCatalogue.Published"/>) — and the body and id of one delivery.
/// </summary>
public static class WebhookEvents
{
    /// <summary>The event the admin API's test sends; always delivered, never subscribed to.</summary>
    public const string Ping = "WebhookPing";

    private static readonly Dictionary<string, Type> ByName = MessageCatalogue.Published.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>
    /// <c>msg_</c> + 32 hex characters of SHA-256 over the source message id and the subscription id: stable across
    /// redeliveries of one message, different for each subscription.
    /// </summary>
    public static string WebhookIdOf(string sourceMessageId, string subscriptionId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceMessageId}/{subscriptionId}")))[..32];

    /// <summary>The body the subscriber receives: <c>{"type": …, "timestamp": …, "data": …}</c>.</summary>
    public static string Payload(string type, DateTimeOffset timestamp, JsonNode? data) =>
        new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = timestamp.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        }.ToJsonString(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
