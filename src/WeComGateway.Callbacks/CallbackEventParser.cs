using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary>What the receiver knows about a callback besides its plaintext.</summary>
/// <param name="SuiteId">The suite whose URL received it.</param>
/// <param name="ReceiveId">The receive id sealed in the ciphertext (a corp id on the data URL).</param>
/// <param name="ReceivedAt">Arrival time.</param>
public sealed record CallbackContext(string SuiteId, string ReceiveId, DateTimeOffset ReceivedAt);

/// <summary>A decrypted callback mapped to its contract.</summary>
/// <param name="Event">The record to publish.</param>
/// <param name="Kind">InfoType or Event, then ChangeType/UpdateDetail, e.g. <c>change_external_contact/add_external_contact</c>.</param>
/// <param name="SuiteTicket">The ticket of a <c>suite_ticket</c> callback: kept off the bus, written to the store.</param>
public sealed record ParsedCallback(WeComCallbackEvent Event, string Kind, string? SuiteTicket)
{
    /// <summary>create_auth, change_auth, cancel_auth, reset_permanent_code: WeCom wants an answer within 1 s.</summary>
    public bool IsAuthorizationEvent => Event is AuthorizationCreated or AuthorizationChanged or AuthorizationCancelled or PermanentCodeReset;
}

public static class CallbackEventParser
{
    /// <summary>
    /// Maps the decrypted XML (either the <c>InfoType</c> shape or the <c>MsgType=event</c> shape) to its contract;
    /// an event we do not know becomes <see cref="UnrecognizedCallbackReceived"/> carrying the XML.
    /// Throws <see cref="CallbackRejectedException"/>: MalformedEvent, HostileXml.
    /// </summary>
    public static ParsedCallback Parse(string decryptedMessage, CallbackContext context) => throw new NotImplementedException();

    /// <summary>Lower-case hex SHA-256 of the UTF-8 plaintext: the dedupe key.</summary>
    public static string ComputeDedupeKey(string decryptedMessage) => throw new NotImplementedException();
}
