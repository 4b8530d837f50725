namespace WeComGateway.Cli.Events;

/// <summary>
/// <c>change_external_contact</c> changes that name a member and a customer and nothing else of note:
/// <c>add_half_external_contact</c>, <c>edit_external_contact</c>, <c>transfer_fail</c>, <c>msg_audit_approved</c>.
/// </summary>
/// <param name="ChangeType">WeCom's ChangeType.</param>
/// <param name="UserId">The member (for transfer_fail: the member the customer was to move to).</param>
/// <param name="ExternalUserId">The customer.</param>
/// <param name="State">The contact-way state (half adds).</param>
/// <param name="WelcomeCode">The welcome code (half adds, chat-archive approvals).</param>
/// <param name="FailReason"><c>customer_refused</c> or <c>customer_limit_exceed</c> (transfer_fail).</param>
internal sealed record ContactChanged(
    string ChangeType,
    string UserId,
    string ExternalUserId,
    string? State = null,
    string? WelcomeCode = null,
    string? FailReason = null) : TriggerEvent;

/// <summary><c>change_external_chat</c> / <c>update</c> / <c>del_member</c>: people left a customer group.</summary>
/// <param name="ChatId">The group chat id.</param>
/// <param name="QuitScene">0 left by themselves, 1 removed by the owner or an admin.</param>
/// <param name="Members">The ids that left (MemChangeList items).</param>
/// <param name="LastMemberVersion">LastMemVer: the member-list version before the change.</param>
/// <param name="CurrentMemberVersion">CurMemVer: the member-list version after the change.</param>
internal sealed record MemberLeft(
    string ChatId,
    int QuitScene,
    IReadOnlyList<string> Members,
    string LastMemberVersion,
    string CurrentMemberVersion) : TriggerEvent;

/// <summary>
/// <c>change_external_chat</c> changes that carry only the chat: <c>create</c>, <c>dismiss</c>, and the
/// <c>update</c> details <c>change_owner</c>, <c>change_name</c>, <c>change_notice</c>.
/// </summary>
internal sealed record GroupChatChanged(string ChatId, string ChangeType, string? UpdateDetail = null) : TriggerEvent;

/// <summary><c>change_external_tag</c>: a customer (corp) tag or tag group was created, updated, deleted or re-ordered.</summary>
/// <param name="ChangeType"><c>create</c>, <c>update</c>, <c>delete</c> or <c>shuffle</c>.</param>
/// <param name="Id">The tag or tag group; a shuffle may leave it out.</param>
/// <param name="TagType"><c>tag</c> or <c>tag_group</c>; a shuffle carries none.</param>
/// <param name="StrategyId">The rule group (规则组), for a rule-group tag.</param>
internal sealed record CorpTagChanged(string ChangeType, string? Id, string? TagType, string? StrategyId = null) : TriggerEvent;
