using System.Collections.Frozen;
using System.Text.Json;
using WeComGateway.Contracts;
using WeComGateway.Storage.Outbox;

namespace WeComGateway.Receiver.Publishing;

/// <summary>Contract ⇄ outbox entry. Only callback events of the catalogue can come back out, whatever the stored type name says.</summary>
public static class OutboxSerializer
{
    private static readonly FrozenDictionary<string, Type> ContractTypes =
        MessageCatalogue.CallbackEvents.ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <param name="traceParent">The W3C id of the span spooling the event (<c>Activity.Id</c>), or null.</param>
    public static OutboxEntry ToEntry(WeComCallbackEvent message, DateTimeOffset appendedAt, string? traceParent = null) => new(
        message.GetType().FullName!,
        JsonSerializer.Serialize(message, message.GetType()),
        message.DedupeKey,
        message.SuiteId,
        message.CorpId,
        appendedAt,
        traceParent);

    public static WeComCallbackEvent FromEntry(OutboxEntry entry)
    {
        if (!ContractTypes.TryGetValue(entry.MessageType, out var type))
        {
            throw new InvalidOperationException($"Outbox entry has unknown message type '{entry.MessageType}'.");
        }

        return (WeComCallbackEvent?)JsonSerializer.Deserialize(entry.Body, type)
            ?? throw new InvalidOperationException($"Outbox entry of type '{entry.MessageType}' has an empty body.");
    }
}
