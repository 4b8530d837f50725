using System.Runtime.CompilerServices;

namespace WeComGateway.Callbacks;

/// <summary>
/// Every element of a decrypted callback this library reads, trimmed, empty as null. A struct filled in one pass over
/// the XML: nothing is allocated for elements a callback does not carry. Credentials (ContactSync) are never read.
/// </summary>
internal struct EventFields
{
    // Routing and time
    public string? InfoType, MsgType, Event, ChangeType, UpdateDetail, TimeStamp, CreateTime;

    // Which enterprise
    public string? AuthCorpId, PaidCorpId, CorpId, ToUserName;

    // Suite and authorization
    public string? SuiteTicket, AuthCode, State, AuthType, AppId, AgentId;

    // Customers
    public string? UserId, ExternalUserId, WelcomeCode, Source, FailReason;

    // Directory
    public string? OpenUserId, NewUserId, Name, Department, MainDepartment, Position, Status, Id, ParentId, Order;
    public string? TagId, AddUserItems, DelUserItems, AddPartyItems, DelPartyItems;

    // Group chats and customer tags
    public string? ChatId, JoinScene, QuitScene, MemChangeCnt, LastMemVer, CurMemVer, TagType, StrategyId;
    public List<string>? MemChangeList;

    // Registration and orders
    public string? RegisterCode, TemplateId, AuthUserId, OrderId, OldOrderId, NewOrderId, OperatorId;

    /// <summary>InfoType, else the Event of a <c>MsgType=event</c> message.</summary>
    public readonly string? Root => InfoType ?? (IsEventShape ? Event : null);

    /// <summary>The data-URL shape: <c>MsgType=event</c> and no InfoType.</summary>
    public readonly bool IsEventShape => InfoType is null && MsgType == "event";

    /// <summary>
    /// The field an element of this name fills, or a null ref (<see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>) for
    /// an element no mapper reads. Both readers (<see cref="EventXmlReader"/>, <see cref="EventScanner"/>) look names
    /// up here, so they fill the same fields. MemChangeList and AuthUserInfo hold child elements and are read apart.
    /// </summary>
    public static ref string? Slot(ref EventFields f, scoped ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "InfoType": return ref f.InfoType;
            case "MsgType": return ref f.MsgType;
            case "Event": return ref f.Event;
            case "ChangeType": return ref f.ChangeType;
            case "UpdateDetail": return ref f.UpdateDetail;
            case "TimeStamp": return ref f.TimeStamp;
            case "CreateTime": return ref f.CreateTime;
            case "AuthCorpId": return ref f.AuthCorpId;
            case "PaidCorpId": return ref f.PaidCorpId;
            case "CorpId": return ref f.CorpId;
            case "ToUserName": return ref f.ToUserName;
            case "SuiteTicket": return ref f.SuiteTicket;
            case "AuthCode": return ref f.AuthCode;
            case "State": return ref f.State;
            case "AuthType": return ref f.AuthType;
            case "AppId": return ref f.AppId;
            case "AgentID" or "AgentId": return ref f.AgentId;
            case "UserID" or "UserId": return ref f.UserId;
            case "ExternalUserID" or "ExternalUserId": return ref f.ExternalUserId;
            case "WelcomeCode": return ref f.WelcomeCode;
            case "Source": return ref f.Source;
            case "FailReason": return ref f.FailReason;
            case "OpenUserID" or "OpenUserId": return ref f.OpenUserId;
            case "NewUserID" or "NewUserId": return ref f.NewUserId;
            case "Name": return ref f.Name;
            case "Department": return ref f.Department;
            case "MainDepartment": return ref f.MainDepartment;
            case "Position": return ref f.Position;
            case "Status": return ref f.Status;
            case "Id": return ref f.Id;
            case "ParentId": return ref f.ParentId;
            case "Order": return ref f.Order;
            case "TagId": return ref f.TagId;
            case "AddUserItems": return ref f.AddUserItems;
            case "DelUserItems": return ref f.DelUserItems;
            case "AddPartyItems": return ref f.AddPartyItems;
            case "DelPartyItems": return ref f.DelPartyItems;
            case "ChatId": return ref f.ChatId;
            case "JoinScene": return ref f.JoinScene;
            case "QuitScene": return ref f.QuitScene;
            case "MemChangeCnt": return ref f.MemChangeCnt;
            case "LastMemVer": return ref f.LastMemVer;
            case "CurMemVer": return ref f.CurMemVer;
            case "TagType": return ref f.TagType;
            case "StrategyId": return ref f.StrategyId;
            case "RegisterCode": return ref f.RegisterCode;
            case "TemplateId": return ref f.TemplateId;
            case "OrderId": return ref f.OrderId;
            case "OldOrderId": return ref f.OldOrderId;
            case "NewOrderId": return ref f.NewOrderId;
            case "OperatorId": return ref f.OperatorId;
            default: return ref Unsafe.NullRef<string?>();
        }
    }
}
