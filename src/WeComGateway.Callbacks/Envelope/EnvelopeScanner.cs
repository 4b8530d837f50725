using System.Buffers;
using System.Text;

namespace WeComGateway.Callbacks;

/// <summary>
/// The fast path for the envelope exactly as WeCom sends it: <c>&lt;xml&gt;</c> holding <c>ToUserName</c>,
/// <c>AgentID</c> and <c>Encrypt</c> elements (each at most once, any order) whose value is one CDATA section or plain
/// text (<see cref="Utf8Markup"/>), in a body of printable ASCII. Anything else — a declaration, attributes, comments,
/// entities, CR, non-ASCII bytes, empty-element tags, unknown or repeated elements, trailing content — is not judged
/// here: <see cref="TryRead"/> answers false and the full parser (<see cref="XmlEnvelopeReader"/>, DTDs prohibited)
/// decides. So the scanner never accepts what the full parser would refuse, and for what it accepts it gives the full
/// parser's values (trimmed, an empty value is null; Encrypt as the body's bytes, never empty); a differential fuzz test
/// holds it to that.
/// </summary>
internal static class EnvelopeScanner
{
    private static ReadOnlySpan<byte> Whitespace => Utf8Markup.Whitespace;

    /// <summary>Tab, LF and printable ASCII: the only bytes the scanner reads itself.</summary>
    private static readonly SearchValues<byte> PlainAscii =
        SearchValues.Create([(byte)'\t', (byte)'\n', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    public static bool TryRead(ReadOnlySpan<byte> xml, out Utf8CallbackEnvelope envelope)
    {
        envelope = default;
        if (xml.ContainsAnyExcept(PlainAscii))
        {
            return false; // CR (XML normalizes it), control bytes, non-ASCII (UTF-8 rules): the full parser's
        }

        var rest = xml;
        if (!Utf8Markup.Take(ref rest, "<xml>"u8))
        {
            return false;
        }

        string? toUserName = null, agentId = null;
        ReadOnlySpan<byte> encrypt = default, value = default; // both slices of xml
        bool sawTo = false, sawAgent = false, sawEncrypt = false;
        while (true)
        {
            rest = rest.TrimStart(Whitespace);
            if (Utf8Markup.Take(ref rest, "</xml>"u8))
            {
                break;
            }

            if (!TryElement(ref rest, out var name, out value))
            {
                return false;
            }

            switch (name)
            {
                case Element.Encrypt when !sawEncrypt:
                    sawEncrypt = true;
                    encrypt = value;
                    break;
                case Element.ToUserName when !sawTo:
                    (sawTo, toUserName) = (true, Text(value));
                    break;
                case Element.AgentId when !sawAgent:
                    (sawAgent, agentId) = (true, Text(value));
                    break;
                default:
                    return false;
            }
        }

        if (!rest.TrimStart(Whitespace).IsEmpty || encrypt.IsEmpty)
        {
            return false;
        }

        envelope = new Utf8CallbackEnvelope(toUserName, agentId, encrypt);
        return true;
    }

    private static string? Text(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Encoding.ASCII.GetString(value);

    private enum Element
    {
        Other,
        Encrypt,
        ToUserName,
        AgentId,
    }

    /// <summary>
    /// <c>&lt;Name&gt;&lt;![CDATA[value]]&gt;&lt;/Name&gt;</c> or <c>&lt;Name&gt;text&lt;/Name&gt;</c> (no markup, no entity
    /// in the text; whitespace around a CDATA section allowed); the value trimmed, empty when blank.
    /// </summary>
    private static bool TryElement(scoped ref ReadOnlySpan<byte> rest, out Element name, out ReadOnlySpan<byte> value)
    {
        name = Element.Other;
        value = default;
        if (!Utf8Markup.TryOpen(ref rest, out var tag) || !Utf8Markup.TryLeaf(ref rest, tag, out value))
        {
            return false;
        }

        name = tag.SequenceEqual("Encrypt"u8) ? Element.Encrypt
            : tag.SequenceEqual("ToUserName"u8) ? Element.ToUserName
            : tag.SequenceEqual("AgentID"u8) || tag.SequenceEqual("AgentId"u8) ? Element.AgentId
            : Element.Other;
        return true;
    }
}
