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
            case "InfoType": f.InfoType = Text(reader); break;
            case "MsgType": f.MsgType = Text(reader); break;
            case "Event": f.Event = Text(reader); break;
            case "ChangeType": f.ChangeType = Text(reader); break;
            case "UpdateDetail": f.UpdateDetail = Text(reader); break;
            case "TimeStamp": f.TimeStamp = Text(reader); break;
            case "CreateTime": f.CreateTime = Text(reader); break;
            case "AuthCorpId": f.AuthCorpId = Text(reader); break;
            case "PaidCorpId": f.PaidCorpId = Text(reader); break;
            case "CorpId": f.CorpId = Text(reader); break;
            case "ToUserName": f.ToUserName = Text(reader); break;
            case "SuiteTicket": f.SuiteTicket = Text(reader); break;
            case "AuthCode": f.AuthCode = Text(reader); break;
            case "State": f.State = Text(reader); break;
            case "AuthType": f.AuthType = Text(reader); break;
            case "AppId": f.AppId = Text(reader); break;
            case "AgentID" or "AgentId": f.AgentId = Text(reader); break;
            case "UserID" or "UserId": f.UserId = Text(reader); break;
            case "ExternalUserID" or "ExternalUserId": f.ExternalUserId = Text(reader); break;
            case "WelcomeCode": f.WelcomeCode = Text(reader); break;
            case "Source": f.Source = Text(reader); break;
            case "FailReason": f.FailReason = Text(reader); break;
            case "OpenUserID" or "OpenUserId": f.OpenUserId = Text(reader); break;
            case "NewUserID" or "NewUserId": f.NewUserId = Text(reader); break;
            case "Name": f.Name = Text(reader); break;
            case "Department": f.Department = Text(reader); break;
            case "MainDepartment": f.MainDepartment = Text(reader); break;
            case "Position": f.Position = Text(reader); break;
            case "Status": f.Status = Text(reader); break;
            case "Id": f.Id = Text(reader); break;
            case "ParentId": f.ParentId = Text(reader); break;
            case "Order": f.Order = Text(reader); break;
            case "TagId": f.TagId = Text(reader); break;
            case "AddUserItems": f.AddUserItems = Text(reader); break;
            case "DelUserItems": f.DelUserItems = Text(reader); break;
            case "AddPartyItems": f.AddPartyItems = Text(reader); break;
            case "DelPartyItems": f.DelPartyItems = Text(reader); break;
            case "ChatId": f.ChatId = Text(reader); break;
            case "JoinScene": f.JoinScene = Text(reader); break;
            case "QuitScene": f.QuitScene = Text(reader); break;
            case "MemChangeCnt": f.MemChangeCnt = Text(reader); break;
            case "MemChangeList": f.MemChangeList = Items(reader); break;
            case "LastMemVer": f.LastMemVer = Text(reader); break;
            case "CurMemVer": f.CurMemVer = Text(reader); break;
            case "TagType": f.TagType = Text(reader); break;
            case "StrategyId": f.StrategyId = Text(reader); break;
            case "RegisterCode": f.RegisterCode = Text(reader); break;
            case "TemplateId": f.TemplateId = Text(reader); break;
            case "AuthUserInfo": f.AuthUserId = AuthUserId(reader); break;
            case "OrderId": f.OrderId = Text(reader); break;
            case "OldOrderId": f.OldOrderId = Text(reader); break;
            case "NewOrderId": f.NewOrderId = Text(reader); break;
            case "OperatorId": f.OperatorId = Text(reader); break;
            default: reader.Skip(); break; // includes ContactSync: its access token is never read
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
