namespace WeComGateway.Contracts;

/// <summary>
/// A callback whose InfoType/Event (or ChangeType) this version does not map, a known one missing the ids its record
/// requires, or a plain message (text, image…) on the data URL. Published with its decrypted plaintext so that nothing
/// is lost when WeCom adds events.
/// </summary>
public sealed record UnrecognizedCallbackReceived : WeComCallbackEvent
{
    /// <summary>
    /// InfoType or Event, with ChangeType (and UpdateDetail) when present, e.g. <c>change_external_contact/new_kind</c>;
    /// the MsgType (e.g. <c>text</c>) for plain messages; <c>json</c> when the plaintext is JSON (AI-bot callbacks).
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>
    /// The decrypted plaintext as WeCom sent it (XML, or JSON when <see cref="Kind"/> is <c>json</c>). Should it hold
    /// an element whose name marks a credential (…Token, …Ticket, …Secret, PermanentCode, AesKey), that element's text
    /// is replaced by <c>[redacted]</c>.
    /// </summary>
    public required string Xml { get; init; }
}
