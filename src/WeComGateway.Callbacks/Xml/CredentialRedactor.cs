using System.Text;
using System.Xml;

namespace WeComGateway.Callbacks;

/// <summary>
/// Blanks the text of elements whose names mark a credential before raw XML goes on the bus inside
/// <c>UnrecognizedCallbackReceived</c>: an event WeCom adds tomorrow may carry a token we do not know about.
/// </summary>
internal static class CredentialRedactor
{
    public const string Redacted = "[redacted]";

    private static readonly string[] Markers = ["Token", "Ticket", "Secret", "PermanentCode", "AesKey"];

    private static readonly XmlReaderSettings KeepWhitespace = CreateReaderSettings();

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Document,
        NewLineHandling = NewLineHandling.None,
    };

    /// <summary>The XML unchanged when no element name mentions a credential; otherwise a copy with those blanked.</summary>
    public static string Redact(string xml)
    {
        if (!MentionsCredential(xml))
        {
            return xml;
        }

        var output = new StringBuilder(xml.Length);
        using (var reader = XmlReader.Create(new StringReader(xml), KeepWhitespace))
        using (var writer = XmlWriter.Create(output, WriterSettings))
        {
            Copy(reader, writer);
        }

        return output.ToString();
    }

    private static void Copy(XmlReader reader, XmlWriter writer)
    {
        reader.Read();
        while (!reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when MentionsCredential(reader.LocalName):
                    writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                    writer.WriteString(Redacted);
                    writer.WriteFullEndElement();
                    reader.Skip();
                    continue;
                case XmlNodeType.Element:
                    var empty = reader.IsEmptyElement;
                    writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                    writer.WriteAttributes(reader, defattr: false);
                    if (empty)
                    {
                        writer.WriteEndElement();
                    }

                    break;
                case XmlNodeType.EndElement:
                    writer.WriteFullEndElement();
                    break;
                case XmlNodeType.Text:
                    writer.WriteString(reader.Value);
                    break;
                case XmlNodeType.CDATA:
                    writer.WriteCData(reader.Value);
                    break;
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    writer.WriteWhitespace(reader.Value);
                    break;
                default:
                    break; // declaration, comments, processing instructions: dropped
            }

            reader.Read();
        }
    }

    private static bool MentionsCredential(string text)
    {
        foreach (var marker in Markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static XmlReaderSettings CreateReaderSettings()
    {
        var settings = SecureXml.Settings.Clone();
        settings.IgnoreWhitespace = false;
        return settings;
    }
}
