namespace WeComGateway.Callbacks;

/// <summary>The outer POST body: XML <c>&lt;xml&gt;&lt;ToUserName/&gt;&lt;AgentID/&gt;&lt;Encrypt/&gt;&lt;/xml&gt;</c> or its JSON twin.</summary>
public sealed record CallbackEnvelope(string? ToUserName, string? AgentId, string Encrypt)
{
    /// <summary>Bodies larger than this are refused before any parsing.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Parses XML (DTD prohibited, no resolver, element order and CDATA free) or JSON (<c>{"encrypt":…}</c>).
    /// Throws <see cref="CallbackRejectedException"/>: BodyTooLarge, HostileXml (DTD/entities), MalformedEnvelope.
    /// </summary>
    public static CallbackEnvelope Parse(ReadOnlySpan<byte> body) => throw new NotImplementedException();
}
