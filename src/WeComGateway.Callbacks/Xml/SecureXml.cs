using System.Text;
using System.Xml;

namespace WeComGateway.Callbacks;

/// <summary>The one way this library reads XML: no DTD, no resolver, no entity expansion, bounded size.</summary>
internal static class SecureXml
{
    /// <summary>Names a thread's table may collect before it is dropped (element names in envelopes are untrusted).</summary>
    private const int MaxNamesPerTable = 2048;

    [ThreadStatic]
    private static XmlReaderSettings? t_settings;

    [ThreadStatic]
    private static BoundedNameTable? t_names;

    /// <summary>The settings every reader here uses. DTDs throw, so no entity can ever be declared.</summary>
    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        // Zero would mean "unlimited"; DTDs are prohibited anyway, so this is only a second fence.
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = 2 * CallbackEnvelope.MaxBodyBytes,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        ConformanceLevel = ConformanceLevel.Document,
        CloseInput = true,
    };

    /// <summary>
    /// A reader over UTF-8 bytes with <see cref="Settings"/>. Over a seekable stream the reader sizes its buffers to
    /// the document instead of 4 K chars, and each thread reuses one name table so element names are not allocated
    /// per document.
    /// </summary>
    public static XmlReader CreateReader(byte[] utf8, int length)
    {
        var settings = t_settings ??= Settings.Clone();
        if (t_names is null || t_names.Count > MaxNamesPerTable)
        {
            t_names = new BoundedNameTable();
            settings.NameTable = t_names;
        }

        return XmlReader.Create(new MemoryStream(utf8, 0, length, writable: false), settings);
    }

    /// <summary>True when a document the reader refused declared a DTD or entities (XXE, billion laughs).</summary>
    public static bool DeclaresDtd(ReadOnlySpan<byte> utf8Xml) =>
        utf8Xml.IndexOf("<!DOCTYPE"u8) >= 0 || utf8Xml.IndexOf("<!ENTITY"u8) >= 0;

    /// <summary>
    /// The element's text (CDATA and text nodes joined), trimmed; null when empty. Leaves the reader after the element.
    /// Unlike <see cref="XmlReader.ReadElementContentAsString()"/>, a single text or CDATA node (the usual case) is
    /// returned as the reader's own string instead of being copied through a builder: the Encrypt value is kilobytes.
    /// </summary>
    public static string? ReadTrimmedContent(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        reader.Read();
        string? single = null;
        StringBuilder? joined = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (single is null)
                    {
                        single = reader.Value;
                    }
                    else
                    {
                        (joined ??= new StringBuilder(single)).Append(reader.Value);
                    }

                    reader.Read();
                    break;
                case XmlNodeType.Element:
                    throw new XmlException("A value element has child elements.", null, LineOf(reader), PositionOf(reader));
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Read();
        var value = (joined?.ToString() ?? single)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int LineOf(XmlReader reader) => (reader as IXmlLineInfo)?.LineNumber ?? 0;

    private static int PositionOf(XmlReader reader) => (reader as IXmlLineInfo)?.LinePosition ?? 0;

    /// <summary>A name table that counts what it has added, so a thread can drop one that untrusted input has grown.</summary>
    private sealed class BoundedNameTable : NameTable
    {
        public int Count { get; private set; }

        public override string Add(char[] key, int start, int len)
        {
            if (Get(key, start, len) is { } existing)
            {
                return existing;
            }

            Count++;
            return base.Add(key, start, len);
        }

        public override string Add(string key)
        {
            if (Get(key) is { } existing)
            {
                return existing;
            }

            Count++;
            return base.Add(key);
        }
    }
}
