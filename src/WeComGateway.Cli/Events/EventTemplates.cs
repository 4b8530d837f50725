using System.Globalization;
using System.Xml.Linq;

namespace WeComGateway.Cli.Events;

/// <summary>
/// Writes the decrypted XML WeCom sends for each <see cref="TriggerEvent"/>, in either shape, with the field names
/// of docs/wecom-protocol.md ("Event shapes"). Text values are CDATA, numbers are bare, as in WeCom's own samples.
/// </summary>
internal static class EventTemplates
{
    /// <exception cref="ArgumentException">The event was asked for in a shape WeCom does not send it in.</exception>
    public static string ToXml(TriggerEvent callback, EventShape shape, CallbackHeader header)
    {
        if (!callback.Shapes.Contains(shape))
        {
            throw new ArgumentException($"WeCom sends this event only in the {string.Join(" and ", callback.Shapes)} shape", nameof(shape));
        }

        IEnumerable<XElement?> fields = callback switch
        {
            ContactAdded added => Contact(
                header, shape, new ContactChanged("add_external_contact", added.UserId, added.ExternalUserId, added.State, added.WelcomeCode)),
            ContactDeleted deleted => Contact(
                header, shape, new ContactChanged(deleted.ByEmployee ? "del_external_contact" : "del_follow_user", deleted.UserId, deleted.ExternalUserId)),
            ContactChanged changed => Contact(header, shape, changed),
            MemberJoined joined => GroupMembers(
                header, shape, joined.ChatId, "add_member", Number("JoinScene", joined.JoinScene), joined.Members, joined.LastMemberVersion, joined.CurrentMemberVersion),
            MemberLeft left => GroupMembers(
                header, shape, left.ChatId, "del_member", Number("QuitScene", left.QuitScene), left.Members, left.LastMemberVersion, left.CurrentMemberVersion),
            SuiteTicketPushed ticket =>
            [
                Text("SuiteId", header.SuiteId),
                Text("InfoType", "suite_ticket"),
                UnixTime("TimeStamp", header),
                Text("SuiteTicket", ticket.SuiteTicket),
            ],
            AuthorizationCreated created =>
            [
                Text("SuiteId", header.SuiteId),
                Text("AuthCode", created.AuthCode),
                Text("InfoType", "create_auth"),
                UnixTime("TimeStamp", header),
                OptionalText("State", created.State),
            ],
            GroupChatChanged chat =>
            [
                .. Header(header, shape, "change_external_chat"),
                Text("ChatId", chat.ChatId),
                Text("ChangeType", chat.ChangeType),
                OptionalText("UpdateDetail", chat.UpdateDetail),
            ],
            CorpTagChanged tag =>
            [
                .. Header(header, shape, "change_external_tag"),
                OptionalText("Id", tag.Id),
                OptionalText("TagType", tag.TagType),
                OptionalText("StrategyId", tag.StrategyId),
                Text("ChangeType", tag.ChangeType),
            ],
            _ => DirectoryFields(callback, shape, header) ?? SuiteFields(callback, shape, header)
                ?? throw new ArgumentOutOfRangeException(nameof(callback), callback.GetType().Name, "no template for this event"),
        };

        return new XElement("xml", fields.OfType<XElement>()).ToString();
    }

    private static IEnumerable<XElement?>? DirectoryFields(TriggerEvent callback, EventShape shape, CallbackHeader header) => callback switch
    {
        MemberChanged member =>
        [
            .. Header(header, shape, "change_contact"),
            Text("ChangeType", member.ChangeType),
            Text("UserID", member.UserId),
            OptionalText("NewUserID", member.NewUserId),
            OptionalText("Name", member.Name),
            OptionalText("Department", member.Departments is null ? null : string.Join(',', member.Departments)),
            OptionalText("MainDepartment", member.MainDepartment),
            OptionalText("Position", member.Position),
            member.Status is { } status ? Number("Status", status) : null,
        ],
        DepartmentChanged department =>
        [
            .. Header(header, shape, "change_contact"),
            Text("ChangeType", department.ChangeType),
            Text("Id", department.Id),
            OptionalText("Name", department.Name),
            OptionalText("ParentId", department.ParentId),
            department.Order is { } order ? Number("Order", order) : null,
        ],
        MemberTagUpdated tag =>
        [
            .. Header(header, shape, "change_contact"),
            Text("ChangeType", "update_tag"),
            Text("TagId", tag.TagId),
            Text("AddUserItems", string.Join(',', tag.AddUsers)),
            Text("DelUserItems", string.Join(',', tag.DelUsers)),
            Text("AddPartyItems", string.Join(',', tag.AddParties)),
            Text("DelPartyItems", string.Join(',', tag.DelParties)),
        ],
        _ => null,
    };

    /// <summary>Suite, authorization, registration, order and app notices: each has a header of its own.</summary>
    private static IEnumerable<XElement?>? SuiteFields(TriggerEvent callback, EventShape shape, CallbackHeader header) => callback switch
    {
        CorpNotice notice =>
        [
            .. Header(header, EventShape.InfoType, notice.InfoType),
            OptionalText("State", notice.State),
            OptionalText("AuthType", notice.AuthType),
        ],
        PermanentCodeResetPushed reset =>
        [
            Text("SuiteId", header.SuiteId),
            Text("AuthCode", reset.AuthCode),
            Text("InfoType", "reset_permanent_code"),
            UnixTime("TimeStamp", header),
        ],
        UserIdMigrationAgreed agreed =>
        [
            Text("ServiceCorpId", agreed.ServiceCorpId),
            Text("InfoType", "agree_external_userid_migration"),
            UnixTime("TimeStamp", header),
            Text("AuthCorpId", header.CorpId),
        ],
        CorpRegistration registration =>
        [
            Text("ServiceCorpId", registration.ServiceCorpId),
            Text("InfoType", registration.InfoType),
            UnixTime("TimeStamp", header),
            Text("RegisterCode", registration.RegisterCode),
            Text("AuthCorpId", header.CorpId),
            new XElement("AuthUserInfo", Text("UserId", registration.AdminUserId)),
            OptionalText("State", registration.State),
            Text("TemplateId", registration.TemplateId),
        ],
        OrderNotice order =>
        [
            Text("SuiteId", header.SuiteId),
            Text("PaidCorpId", header.CorpId),
            Text("InfoType", order.InfoType),
            UnixTime("TimeStamp", header),
            OptionalText("OrderId", order.OrderId),
            OptionalText("OldOrderId", order.OldOrderId),
            OptionalText("NewOrderId", order.NewOrderId),
            OptionalText("OperatorId", order.OperatorId),
        ],
        AppShareChanged share when shape == EventShape.InfoType =>
        [
            Text("SuiteId", header.SuiteId),
            Text("InfoType", share.EventName),
            UnixTime("TimeStamp", header),
            Text("CorpId", header.CorpId),
            Number("AgentId", share.AgentId),
        ],
        AppShareChanged share => [.. Header(header, shape, share.EventName), Number("AgentID", share.AgentId)],
        AppAdminsChanged admins => [.. Header(header, shape, "change_app_admin"), Number("AgentID", admins.AgentId)],
        _ => null,
    };

    /// <summary>Every <c>change_external_contact</c> names the member and the customer; some add a state, code or reason.</summary>
    private static IEnumerable<XElement?> Contact(CallbackHeader header, EventShape shape, ContactChanged change) =>
    [
        .. Header(header, shape, "change_external_contact"),
        Text("ChangeType", change.ChangeType),
        Text("UserID", change.UserId),
        Text("ExternalUserID", change.ExternalUserId),
        OptionalText("State", change.State),
        OptionalText("WelcomeCode", change.WelcomeCode),
        OptionalText("FailReason", change.FailReason),
    ];

    /// <summary><c>change_external_chat</c> / <c>update</c> / add_member or del_member: the scene, then who and the list versions.</summary>
    private static IEnumerable<XElement> GroupMembers(
        CallbackHeader header, EventShape shape, string chatId, string updateDetail, XElement scene, IReadOnlyList<string> members, string lastVersion, string currentVersion) =>
    [
        .. Header(header, shape, "change_external_chat"),
        Text("ChatId", chatId),
        Text("ChangeType", "update"),
        Text("UpdateDetail", updateDetail),
        scene,
        Number("MemChangeCnt", members.Count),
        new XElement("MemChangeList", members.Select(member => Text("Item", member))),
        Text("LastMemVer", lastVersion),
        Text("CurMemVer", currentVersion),
    ];

    private static IEnumerable<XElement> Header(CallbackHeader header, EventShape shape, string eventName) => shape switch
    {
        EventShape.InfoType =>
        [
            Text("SuiteId", header.SuiteId),
            Text("AuthCorpId", header.CorpId),
            Text("InfoType", eventName),
            UnixTime("TimeStamp", header),
        ],
        EventShape.Event =>
        [
            Text("ToUserName", header.CorpId),
            Text("FromUserName", "sys"),
            UnixTime("CreateTime", header),
            Text("MsgType", "event"),
            Text("Event", eventName),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    private static XElement Text(string name, string value) => new(name, new XCData(value));

    private static XElement? OptionalText(string name, string? value) => value is null ? null : Text(name, value);

    private static XElement Number(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static XElement UnixTime(string name, CallbackHeader header) => Number(name, header.Time.ToUnixTimeSeconds());
}
