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
}
