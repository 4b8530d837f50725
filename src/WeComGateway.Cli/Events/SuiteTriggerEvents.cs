namespace WeComGateway.Cli.Events;

/// <summary>
/// Command-URL notices about one authorizing corp with nothing but the corp and perhaps one value:
/// <c>change_auth</c> (State), <c>cancel_auth</c>, <c>corp_arch_auth</c>, <c>approve_special_auth</c> and
/// <c>cancel_special_auth</c> (AuthType).
/// </summary>
internal sealed record CorpNotice(string InfoType, string? State = null, string? AuthType = null) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary><c>reset_permanent_code</c> (代开发 templates): the app secret was reset; the AuthCode fetches the new one.</summary>
internal sealed record PermanentCodeResetPushed(string AuthCode) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary><c>agree_external_userid_migration</c>: the corp agreed to move its external user ids to the provider's.</summary>
/// <param name="ServiceCorpId">The provider's own corp id, which WeCom sends instead of a SuiteId.</param>
internal sealed record UserIdMigrationAgreed(string ServiceCorpId) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary>
/// <c>register_corp</c> (a corp was registered through the provider's link) or <c>enter_register_package</c> (an
/// existing corp entered the registration package). WeCom's ContactSync access token is left out: the gateway drops it.
/// </summary>
/// <param name="InfoType"><c>register_corp</c> or <c>enter_register_package</c>.</param>
/// <param name="ServiceCorpId">The provider's own corp id.</param>
/// <param name="RegisterCode">The registration code that was used.</param>
/// <param name="TemplateId">The registration template.</param>
/// <param name="State">The state the registration link carried.</param>
/// <param name="AdminUserId">AuthUserInfo/UserId: the administrator who registered.</param>
internal sealed record CorpRegistration(
    string InfoType, string ServiceCorpId, string RegisterCode, string TemplateId, string? State, string AdminUserId) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary>
/// Paid-app notices, the corp as PaidCorpId: <c>open_order</c> (OrderId, OperatorId), <c>change_order</c>
/// (OldOrderId, NewOrderId, OperatorId), <c>pay_for_app_success</c> and <c>refund</c> (OrderId),
/// <c>change_editon</c> (WeCom's spelling; nothing more).
/// </summary>
internal sealed record OrderNotice(
    string InfoType, string? OrderId = null, string? OldOrderId = null, string? NewOrderId = null, string? OperatorId = null) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.InfoTypeOnly;
}

/// <summary>
/// <c>share_agent_change</c> (企业互联) or <c>share_chain_change</c> (上下游): an app shared with the corp changed.
/// The corp is sent as CorpId, the app as AgentId (AgentID in the MsgType=event shape).
/// </summary>
internal sealed record AppShareChanged(string EventName, int AgentId) : TriggerEvent;

/// <summary><c>change_app_admin</c>: the app's administrators changed. WeCom sends it only as a MsgType=event message.</summary>
internal sealed record AppAdminsChanged(int AgentId) : TriggerEvent
{
    public override IReadOnlyList<EventShape> Shapes => EventShapes.EventOnly;
}
