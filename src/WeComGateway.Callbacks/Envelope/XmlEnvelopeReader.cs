using System.Buffers;
using System.Xml;

namespace WeComGateway.Callbacks;

/// <summary>The XML envelope: a flat root whose ToUserName, AgentID and Encrypt children come in any order.</summary>
internal static class XmlEnvelopeReader
{
    public static CallbackEnvelope Read(ReadOnlySpan<byte> xml)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(xml.Length);
        try
        {
            xml.CopyTo(buffer);
            using var reader = SecureXml.CreateReader(buffer, xml.Length);
            return ReadFields(reader);
        }
        catch (XmlException ex) when (SecureXml.DeclaresDtd(xml))
        {
            throw new CallbackRejectedException(
                CallbackRejection.HostileXml, $"the envelope declares a DTD or entities (line {ex.LineNumber})");
        }
        catch (XmlException ex)
        {
            throw new CallbackRejectedException(
                CallbackRejection.MalformedEnvelope,
                $"the envelope is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition})");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CallbackEnvelope ReadFields(XmlReader reader)
    {
        string? toUserName = null, agentId = null, encrypt = null;
        var encryptSeen = false;

        reader.MoveToContent();
        if (!reader.IsEmptyElement)
        {
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Skip();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "Encrypt":
                        if (encryptSeen)
                        {
                            throw CallbackEnvelope.Missing("more than one Encrypt");
                        }

                        encryptSeen = true;
                        encrypt = SecureXml.ReadTrimmedContent(reader);
                        break;
                    case "ToUserName":
                        toUserName = SecureXml.ReadTrimmedContent(reader);
                        break;
                    case "AgentID" or "AgentId":
                        agentId = SecureXml.ReadTrimmedContent(reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        // Read to the end so trailing garbage is refused rather than ignored.
        while (reader.Read())
        {
        }

        return new CallbackEnvelope(toUserName, agentId, encrypt ?? throw CallbackEnvelope.Missing("no Encrypt value"));
    }
}
