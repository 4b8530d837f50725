using System.Globalization;
using System.Xml.Linq;

namespace WeComGateway.Cli.Events;

/// <summary>
/// Writes the decrypted XML WeCom sends for each <see cref="TriggerEvent"/>, in either shape, with the field names
/// of docs/wecom-protocol.md ("Event shapes"). Text values are CDATA, numbers are bare, as in WeCom's own samples.
/// </summary>
internal static class EventTemplates
{
    /// <exception cref="ArgumentException">A suite event was asked for in the <see cref="EventShape.Event"/> shape.</exception>
    public static string ToXml(TriggerEvent callback, EventShape shape, CallbackHeader header)
    {
        if (callback.IsSuiteEvent && shape == EventShape.Event)
        {
            throw new ArgumentException("suite events exist only in the InfoType shape", nameof(shape));
        }

        IEnumerable<XElement?> fields = callback switch
        {
            ContactAdded added =>
            [
                .. Header(header, shape, "change_external_contact"),
                Text("ChangeType", "add_external_contact"),
                Text("UserID", added.UserId),
                Text("ExternalUserID", added.ExternalUserId),
                OptionalText("State", added.State),
                OptionalText("WelcomeCode", added.WelcomeCode),
            ],
            ContactDeleted deleted =>
            [
                .. Header(header, shape, "change_external_contact"),
                Text("ChangeType", deleted.ByEmployee ? "del_external_contact" : "del_follow_user"),
                Text("UserID", deleted.UserId),
                Text("ExternalUserID", deleted.ExternalUserId),
            ],
            MemberJoined joined =>
            [
                .. Header(header, shape, "change_external_chat"),
                Text("ChatId", joined.ChatId),
                Text("ChangeType", "update"),
                Text("UpdateDetail", "add_member"),
                Number("JoinScene", joined.JoinScene),
                Number("MemChangeCnt", joined.Members.Count),
                new XElement("MemChangeList", joined.Members.Select(member => Text("Item", member))),
                Text("LastMemVer", joined.LastMemberVersion),
                Text("CurMemVer", joined.CurrentMemberVersion),
            ],
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
            _ => throw new ArgumentOutOfRangeException(nameof(callback), callback.GetType().Name, "no template for this event"),
        };

        return new XElement("xml", fields.OfType<XElement>()).ToString();
    }

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
