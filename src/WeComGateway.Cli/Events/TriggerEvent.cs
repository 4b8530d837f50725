namespace WeComGateway.Cli.Events;

/// <summary>Which of WeCom's two plaintext layouts a callback uses (docs/wecom-protocol.md, "Event shapes").</summary>
internal enum EventShape
{
    /// <summary>Third-party command callback: <c>SuiteId</c>, <c>AuthCorpId</c>, <c>InfoType</c>, <c>TimeStamp</c>, …</summary>
    InfoType,

    /// <summary>Self-built / 代开发 data callback: <c>ToUserName</c>, <c>FromUserName=sys</c>, <c>CreateTime</c>, <c>MsgType=event</c>, <c>Event</c>, …</summary>
    Event,
}

/// <summary>Who a callback is about and when it happened: the fields every template starts with.</summary>
/// <param name="SuiteId">The suite (third-party app) the callback is for.</param>
/// <param name="CorpId">The authorizing corp (AuthCorpId, or ToUserName in the event shape).</param>
/// <param name="Time">TimeStamp / CreateTime, written in whole Unix seconds.</param>
internal sealed record CallbackHeader(string SuiteId, string CorpId, DateTimeOffset Time);

/// <summary>The shapes WeCom sends an event in (docs/wecom-protocol.md, "Event shapes").</summary>
internal static class EventShapes
{
    /// <summary>Directory, customer, group, corp-tag and app-sharing changes: InfoType to suites, MsgType=event to self-built / 代开发 apps.</summary>
    public static IReadOnlyList<EventShape> Both { get; } = [EventShape.InfoType, EventShape.Event];

    /// <summary>Suite, authorization, registration and order notices: the command URL only.</summary>
    public static IReadOnlyList<EventShape> InfoTypeOnly { get; } = [EventShape.InfoType];

    /// <summary>change_app_admin: a MsgType=event message only.</summary>
    public static IReadOnlyList<EventShape> EventOnly { get; } = [EventShape.Event];
}

/// <summary>One callback the CLI can trigger; <see cref="EventTemplates"/> writes its plaintext.</summary>
internal abstract record TriggerEvent
{
    /// <summary>The shapes WeCom sends this event in; the first is what <c>trigger</c> sends unless told otherwise.</summary>
    public virtual IReadOnlyList<EventShape> Shapes => EventShapes.Both;
}

/// <summary><c>change_external_contact</c> / <c>add_external_contact</c>: a member added a customer.</summary>
internal sealed record ContactAdded(string UserId, string ExternalUserId, string? State, string? WelcomeCode) : TriggerEvent;

/// <summary>
/// <c>change_external_contact</c> / <c>del_follow_user</c>: the customer deleted the member; with
/// <paramref name="ByEmployee"/>, <c>del_external_contact</c>: the member deleted the customer.
/// </summary>
internal sealed record ContactDeleted(string UserId, string ExternalUserId, bool ByEmployee = false) : TriggerEvent;

/// <summary><c>change_external_chat</c> / <c>update</c> / <c>add_member</c>: people joined a customer group.</summary>
/// <param name="ChatId">The group chat id.</param>
/// <param name="JoinScene">0 invited by a member, 3 scanned the group QR code (an open int: samples show 1 too).</param>
/// <param name="Members">The ids that joined (MemChangeList items).</param>
/// <param name="LastMemberVersion">LastMemVer: the member-list version before the change.</param>
/// <param name="CurrentMemberVersion">CurMemVer: the member-list version after the change.</param>
internal sealed record MemberJoined(
    string ChatId,
    int JoinScene,
    IReadOnlyList<string> Members,
    string LastMemberVersion,
    string CurrentMemberVersion) : TriggerEvent;

/// <summary><c>suite_ticket</c>: WeCom's ten-minute push of the suite ticket.</summary>
internal sealed record SuiteTicketPushed(string SuiteTicket) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary><c>create_auth</c>: a corp installed the app from the marketplace.</summary>
internal sealed record AuthorizationCreated(string AuthCode, string? State) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}
