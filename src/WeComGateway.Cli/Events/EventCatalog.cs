namespace WeComGateway.Cli.Events;

/// <summary>An event <c>wecomgw trigger</c> knows.</summary>
/// <param name="Name">The positional argument, e.g. <c>contact-added</c>.</param>
/// <param name="Kind">What the receiver will call it: InfoType or Event, then ChangeType/UpdateDetail.</param>
/// <param name="Description">One line for <c>trigger list</c>.</param>
/// <param name="Shapes">The shapes WeCom sends it in; the first is the default of <c>--shape</c>.</param>
/// <param name="Group">The heading <c>trigger list</c> shows it under.</param>
internal sealed record EventDescriptor(string Name, string Kind, string Description, IReadOnlyList<EventShape> Shapes, string Group);

internal static class EventCatalog
{
    public const string ContactAdded = "contact-added";
    public const string ContactHalfAdded = "contact-half-added";
    public const string ContactEdited = "contact-edited";
    public const string ContactDeleted = "contact-deleted";
    public const string TransferFailed = "transfer-failed";
    public const string ChatArchiveApproved = "chat-archive-approved";

    public const string GroupCreated = "group-created";
    public const string GroupDismissed = "group-dismissed";
    public const string MemberJoined = "member-joined";
    public const string MemberLeft = "member-left";
    public const string GroupOwnerChanged = "group-owner-changed";
    public const string GroupRenamed = "group-renamed";
    public const string GroupNoticeChanged = "group-notice-changed";

    public const string CorpTagCreated = "corp-tag-created";
    public const string CorpTagUpdated = "corp-tag-updated";
    public const string CorpTagDeleted = "corp-tag-deleted";
    public const string CorpTagReordered = "corp-tag-reordered";

    public const string MemberCreated = "member-created";
    public const string MemberUpdated = "member-updated";
    public const string MemberDeleted = "member-deleted";
    public const string DepartmentCreated = "department-created";
    public const string DepartmentUpdated = "department-updated";
    public const string DepartmentDeleted = "department-deleted";
    public const string TagUpdated = "tag-updated";

    public const string SuiteTicket = "suite-ticket";
    public const string CreateAuth = "create-auth";
    public const string ChangeAuth = "change-auth";
    public const string CancelAuth = "cancel-auth";
    public const string ResetPermanentCode = "reset-permanent-code";
    public const string CorpArchAuth = "corp-arch-auth";
    public const string ApproveSpecialAuth = "approve-special-auth";
    public const string CancelSpecialAuth = "cancel-special-auth";
    public const string AgreeUserIdMigration = "agree-external-userid-migration";

    public const string ShareAgentChange = "share-agent-change";
    public const string ShareChainChange = "share-chain-change";
    public const string ChangeAppAdmin = "change-app-admin";

    public const string CorpRegistered = "corp-registered";
    public const string RegisterPackageEntered = "register-package-entered";

    public const string OrderOpened = "order-opened";
    public const string OrderChanged = "order-changed";
    public const string OrderPaid = "order-paid";
    public const string OrderRefunded = "order-refunded";
    public const string EditionChanged = "edition-changed";

    private const string Customers = "customers";
    private const string Groups = "customer groups";
    private const string CorpTags = "customer tags";
    private const string Directory = "directory";
    private const string Authorization = "suite and authorization";
    private const string Apps = "apps";
    private const string Registration = "registration";
    private const string Commerce = "orders";

    public static IReadOnlyList<EventDescriptor> All { get; } =
    [
        new(ContactAdded, "change_external_contact/add_external_contact", "a member added a customer (fresh welcome code unless --welcome-code)", EventShapes.Both, Customers),
        new(ContactHalfAdded, "change_external_contact/add_half_external_contact", "a customer added a member who skips verification; not added back yet", EventShapes.Both, Customers),
        new(ContactEdited, "change_external_contact/edit_external_contact", "a member edited the customer's remark, description or tags", EventShapes.Both, Customers),
        new(ContactDeleted, "change_external_contact/del_follow_user", "the customer deleted the member (--by employee: the member deleted the customer, del_external_contact)", EventShapes.Both, Customers),
        new(TransferFailed, "change_external_contact/transfer_fail", "moving the customer to --user failed (--fail-reason)", EventShapes.Both, Customers),
        new(ChatArchiveApproved, "change_external_contact/msg_audit_approved", "the customer agreed to chat archiving", EventShapes.Both, Customers),

        new(GroupCreated, "change_external_chat/create", "a customer group chat was created", EventShapes.Both, Groups),
        new(GroupDismissed, "change_external_chat/dismiss", "the group chat was dismissed", EventShapes.Both, Groups),
        new(MemberJoined, "change_external_chat/update/add_member", "people joined a customer group chat", EventShapes.Both, Groups),
        new(MemberLeft, "change_external_chat/update/del_member", "people left the group chat (--quit-scene 1: removed)", EventShapes.Both, Groups),
        new(GroupOwnerChanged, "change_external_chat/update/change_owner", "the group chat has a new owner", EventShapes.Both, Groups),
        new(GroupRenamed, "change_external_chat/update/change_name", "the group chat was renamed", EventShapes.Both, Groups),
        new(GroupNoticeChanged, "change_external_chat/update/change_notice", "the group announcement changed", EventShapes.Both, Groups),

        new(CorpTagCreated, "change_external_tag/create", "a customer tag (--tag-type tag_group: a tag group) was created", EventShapes.Both, CorpTags),
        new(CorpTagUpdated, "change_external_tag/update", "a customer tag or tag group was changed", EventShapes.Both, CorpTags),
        new(CorpTagDeleted, "change_external_tag/delete", "a customer tag or tag group was deleted", EventShapes.Both, CorpTags),
        new(CorpTagReordered, "change_external_tag/shuffle", "the tags of a tag group were re-ordered", EventShapes.Both, CorpTags),

        new(MemberCreated, "change_contact/create_user", "a member was added to the directory", EventShapes.Both, Directory),
        new(MemberUpdated, "change_contact/update_user", "a member's entry changed (--new-user: the id itself)", EventShapes.Both, Directory),
        new(MemberDeleted, "change_contact/delete_user", "a member was removed from the directory", EventShapes.Both, Directory),
        new(DepartmentCreated, "change_contact/create_party", "a department was created", EventShapes.Both, Directory),
        new(DepartmentUpdated, "change_contact/update_party", "a department was renamed", EventShapes.Both, Directory),
        new(DepartmentDeleted, "change_contact/delete_party", "a department was deleted", EventShapes.Both, Directory),
        new(TagUpdated, "change_contact/update_tag", "--user was added to a member tag", EventShapes.Both, Directory),

        new(SuiteTicket, "suite_ticket", "WeCom's ten-minute suite ticket push (fresh ticket)", EventShapes.InfoTypeOnly, Authorization),
        new(CreateAuth, "create_auth", "a corp installed the app from the marketplace (fresh AuthCode)", EventShapes.InfoTypeOnly, Authorization),
        new(ChangeAuth, "change_auth", "an admin changed the app's authorization or visible range", EventShapes.InfoTypeOnly, Authorization),
        new(CancelAuth, "cancel_auth", "the corp uninstalled the app", EventShapes.InfoTypeOnly, Authorization),
        new(ResetPermanentCode, "reset_permanent_code", "a 代开发 app's secret was reset (fresh AuthCode)", EventShapes.InfoTypeOnly, Authorization),
        new(CorpArchAuth, "corp_arch_auth", "the corp granted access to its organisation structure", EventShapes.InfoTypeOnly, Authorization),
        new(ApproveSpecialAuth, "approve_special_auth", "the corp granted the 获客助手 permission (customer_acquisition)", EventShapes.InfoTypeOnly, Authorization),
        new(CancelSpecialAuth, "cancel_special_auth", "the corp withdrew the 获客助手 permission", EventShapes.InfoTypeOnly, Authorization),
        new(AgreeUserIdMigration, "agree_external_userid_migration", "the corp agreed to move to provider-scoped external user ids", EventShapes.InfoTypeOnly, Authorization),

        new(ShareAgentChange, "share_agent_change", "an app shared through 企业互联 changed for the corp", EventShapes.Both, Apps),
        new(ShareChainChange, "share_chain_change", "an app shared through 上下游 changed for the corp", EventShapes.Both, Apps),
        new(ChangeAppAdmin, "change_app_admin", "the app's administrators changed (MsgType=event only)", EventShapes.EventOnly, Apps),

        new(CorpRegistered, "register_corp", "a corp was registered through the provider's link (fresh RegisterCode)", EventShapes.InfoTypeOnly, Registration),
        new(RegisterPackageEntered, "enter_register_package", "an existing corp entered the registration package", EventShapes.InfoTypeOnly, Registration),

        new(OrderOpened, "open_order", "the corp ordered the paid app", EventShapes.InfoTypeOnly, Commerce),
        new(OrderChanged, "change_order", "the order was replaced by another (e.g. a new price)", EventShapes.InfoTypeOnly, Commerce),
        new(OrderPaid, "pay_for_app_success", "the order was paid", EventShapes.InfoTypeOnly, Commerce),
        new(OrderRefunded, "refund", "the order was refunded", EventShapes.InfoTypeOnly, Commerce),
        new(EditionChanged, "change_editon", "the corp's paid edition changed (WeCom's spelling)", EventShapes.InfoTypeOnly, Commerce),
    ];

    public static IEnumerable<string> Names => All.Select(descriptor => descriptor.Name);

    public static EventDescriptor Get(string name) =>
        All.FirstOrDefault(descriptor => descriptor.Name == name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, "unknown event");
}
