namespace WeComGateway.Contracts;

/// <summary><c>corp_arch_auth</c>: the enterprise granted the app access to its organisation structure.</summary>
public sealed record CorpArchitectureAuthorized : WeComCallbackEvent;

/// <summary><c>approve_special_auth</c>: the enterprise granted a special permission, e.g. 获客助手.</summary>
public sealed record SpecialAuthorizationApproved : WeComCallbackEvent
{
    /// <summary>Which permission (<c>AuthType</c>), e.g. <c>customer_acquisition</c>.</summary>
    public string? AuthType { get; init; }
}

/// <summary><c>cancel_special_auth</c>: the enterprise withdrew a special permission.</summary>
public sealed record SpecialAuthorizationCancelled : WeComCallbackEvent
{
    /// <summary>Which permission (<c>AuthType</c>), e.g. <c>customer_acquisition</c>.</summary>
    public string? AuthType { get; init; }
}

/// <summary>
/// <c>agree_external_userid_migration</c>: the enterprise agreed to migrate its external user ids to the
/// provider-scoped form.
/// </summary>
public sealed record ExternalUserIdMigrationAgreed : WeComCallbackEvent;

/// <summary><c>change_app_admin</c> (sent as <c>MsgType=event</c>): the app's administrators changed.</summary>
public sealed record AppAdminChanged : WeComCallbackEvent
{
    /// <summary>The agent (app) id in the enterprise (<c>AgentID</c>).</summary>
    public long? AgentId { get; init; }
}
