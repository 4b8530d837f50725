using WeComGateway.Contracts;
using MessageHeaders = MassTransit.MessageHeaders;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>One dead-lettered message as an operator reads it: what it is, whom it is about, why it failed.</summary>
/// <param name="MessageId">The AMQP <c>message_id</c>, else the envelope's <c>messageId</c>.</param>
/// <param name="MessageType">The envelope's first <c>messageType</c> (without <c>urn:message:</c>), else <c>MT-MessageType</c> / <c>MT-Fault-MessageType</c>.</param>
/// <param name="CorpId"><c>wecomgw-corp-id</c>, else <c>wecomgw-fault-corp-id</c>, else the body's <c>message.corpId</c>.</param>
/// <param name="Reason">Why it failed.</param>
/// <param name="FirstFailedAt"><c>MT-Fault-Timestamp</c>: when the consumer gave up and MassTransit moved it.</param>
/// <param name="Attempts">How often it was tried.</param>
/// <param name="InputAddress"><c>MT-Fault-InputAddress</c>: the endpoint it failed on (where a replay sends it).</param>
public sealed record DeadLetterMessage(
    string? MessageId,
    string? MessageType,
    string? CorpId,
    FailureReason Reason,
    DateTimeOffset? FirstFailedAt,
    AttemptCounts Attempts,
    string? InputAddress)
{
    public static DeadLetterMessage Read(string? amqpMessageId, IDictionary<string, object?>? headers, MessageBody body) => new(
        NonEmpty(amqpMessageId) ?? body.MessageId,
        MessageBody.DisplayType(body.MessageType ?? HeaderValues.Text(headers, MessageHeaders.MessageType) ?? HeaderValues.Text(headers, MessageHeaders.FaultMessageType)),
        NonEmpty(HeaderValues.Text(headers, GatewayHeaders.CorpId)) ?? NonEmpty(HeaderValues.Text(headers, GatewayHeaders.FaultCorpId)) ?? body.CorpId,
        FailureReason.From(headers),
        HeaderValues.Time(headers, MessageHeaders.FaultTimestamp),
        AttemptCounts.From(headers),
        HeaderValues.Text(headers, MessageHeaders.FaultInputAddress));

    /// <summary>Whether this is the message <paramref name="id"/> names; GUIDs compare in any format (<c>N</c>, <c>D</c>, …).</summary>
    public bool HasId(string id) =>
        MessageId is not null
        && (Guid.TryParse(MessageId, out var mine) && Guid.TryParse(id, out var theirs)
            ? mine == theirs
            : string.Equals(MessageId, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the message is of type <paramref name="type"/>: the full URN, the displayed name
    /// (<c>WeComGateway.Contracts:CustomerPurchaseRecorded</c>) or the bare type name (<c>CustomerPurchaseRecorded</c>), any case.
    /// </summary>
    public bool IsOfType(string type)
    {
        if (MessageType is null)
        {
            return false;
        }

        var wanted = MessageBody.DisplayType(type.Trim()) ?? string.Empty;
        var bare = MessageType[(MessageType.LastIndexOfAny([':', '.']) + 1)..];
        return string.Equals(MessageType, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(bare, wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
