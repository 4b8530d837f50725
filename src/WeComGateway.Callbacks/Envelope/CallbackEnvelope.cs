using System.Text;

namespace WeComGateway.Callbacks;

/// <summary>The outer POST body: XML <c>&lt;xml&gt;&lt;ToUserName/&gt;&lt;AgentID/&gt;&lt;Encrypt/&gt;&lt;/xml&gt;</c> or its JSON twin.</summary>
public sealed record CallbackEnvelope(string? ToUserName, string? AgentId, string Encrypt)
{
    /// <summary>Bodies larger than this are refused before any parsing.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Parses XML (DTD prohibited, no resolver, element order and CDATA free; the shape WeCom sends by a bounded scanner,
    /// anything else by <see cref="System.Xml.XmlReader"/>) or JSON (<c>{"encrypt":…}</c>).
    /// Throws <see cref="CallbackRejectedException"/>: BodyTooLarge, HostileXml (DTD/entities), MalformedEnvelope.
    /// </summary>
    public static CallbackEnvelope Parse(ReadOnlySpan<byte> body)
    {
        var envelope = ParseUtf8(body);
        return new CallbackEnvelope(envelope.ToUserName, envelope.AgentId, Encoding.UTF8.GetString(envelope.Encrypt));
    }

    /// <summary>
    /// <see cref="Parse"/> leaving the Encrypt value as bytes of <paramref name="body"/> when the scanner reads it (the
    /// receiver's path: no string of the ciphertext); the full parsers' string is encoded back to UTF-8. Same rejections.
    /// </summary>
    public static Utf8CallbackEnvelope ParseUtf8(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new CallbackRejectedException(
                CallbackRejection.BodyTooLarge, $"the body is {body.Length} bytes, more than {MaxBodyBytes}");
        }

        var content = SkipBomAndWhitespace(body);
        if (content.IsEmpty)
        {
            throw new CallbackRejectedException(CallbackRejection.MalformedEnvelope, "the body is empty");
        }

        if (content[0] == (byte)'{')
        {
            return FromStrings(JsonEnvelopeReader.Read(content));
        }

        // WeCom's exact shape, else the full parser.
        return EnvelopeScanner.TryRead(content, out var scanned) ? scanned : FromStrings(XmlEnvelopeReader.Read(content));
    }

    private static Utf8CallbackEnvelope FromStrings(CallbackEnvelope parsed) =>
        new(parsed.ToUserName, parsed.AgentId, Encoding.UTF8.GetBytes(parsed.Encrypt));

    internal static CallbackRejectedException Missing(string what) =>
        new(CallbackRejection.MalformedEnvelope, $"the envelope has {what}");

    private static ReadOnlySpan<byte> SkipBomAndWhitespace(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        return body.TrimStart(" \t\r\n"u8);
    }
}
