using System.Runtime.CompilerServices;
using System.Xml;

namespace WeComGateway.Callbacks;

/// <summary>One pass over the flat <c>&lt;xml&gt;</c> of a decrypted callback into <see cref="EventFields"/>.</summary>
internal static class EventXmlReader
{
    public static void Read(XmlReader reader, ref EventFields f)
    {
        reader.MoveToContent();
        if (EnterChildren(reader))
        {
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    ReadElement(reader, ref f);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        // Read to the end so trailing garbage is refused rather than ignored.
        while (reader.Read())
        {
        }
    }

    private static void ReadElement(XmlReader reader, ref EventFields f)
    {
        switch (reader.LocalName)
        {
            case "MemChangeList": f.MemChangeList = Items(reader); break;
            case "AuthUserInfo": f.AuthUserId = AuthUserId(reader); break;
            default:
                ref var slot = ref EventFields.Slot(ref f, reader.LocalName);
                if (Unsafe.IsNullRef(ref slot))
                {
                    reader.Skip(); // includes ContactSync: its access token is never read
                }
                else
                {
                    slot = Text(reader);
                }

                break;
        }
    }

    private static string? Text(XmlReader reader) => SecureXml.ReadTrimmedContent(reader);

    /// <summary><c>&lt;MemChangeList&gt;&lt;Item&gt;id&lt;/Item&gt;…&lt;/MemChangeList&gt;</c>, items as text or CDATA.</summary>
    private static List<string> Items(XmlReader reader)
    {
        var items = new List<string>();
        if (EnterChildren(reader))
        {
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Item")
                {
                    if (Text(reader) is { } item)
                    {
                        items.Add(item);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            reader.ReadEndElement();
        }

        return items;
    }

    /// <summary><c>&lt;AuthUserInfo&gt;&lt;UserId&gt;…&lt;/UserId&gt;&lt;/AuthUserInfo&gt;</c>.</summary>
    private static string? AuthUserId(XmlReader reader)
    {
        string? userId = null;
        if (EnterChildren(reader))
        {
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "UserId" or "UserID")
                {
                    userId = Text(reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            reader.ReadEndElement();
        }

        return userId;
    }

    /// <summary>Moves into an element's children; false (and past the element) when it is empty.</summary>
    private static bool EnterChildren(XmlReader reader)
    {
        var hasChildren = !reader.IsEmptyElement;
        reader.Read();
        return hasChildren;
    }
}
