using System.CommandLine;
using WeComGateway.Cli.Events;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// The options of <c>wecomgw trigger</c> that say what an event is about (member, customer, chat, tag, order …), and
/// for each event of <see cref="EventCatalog"/> which of them apply and how they become its <see cref="TriggerEvent"/>.
/// What the user does not pin is fresh each time, so every invocation is a new callback to the gateway's dedupe.
/// </summary>
internal sealed class TriggerEventOptions
{
    public const string DefaultUser = "zhangsan";
    public const int DefaultAgentId = 1000005;

    /// <summary>The registration template of the demo provider: register_corp and enter_register_package name one.</summary>
    public const string DemoTemplateId = "tpl0000demo001";

    private readonly Option<string?> _user = new("--user")
    {
        Description = $"The member's UserID (for orders the operator, for registrations the admin) [default: {DefaultUser}].",
        HelpName = "id",
    };

    private readonly Option<string?> _externalUser = new("--external-user")
    {
        Description = "The customer's ExternalUserID [default: a fresh wm… id].",
        HelpName = "id",
    };

    private readonly Option<string?> _state = new("--state") { Description = "The State (contact-way / install / registration channel) [default: none].", HelpName = "state" };

    private readonly Option<string?> _welcomeCode = new("--welcome-code")
    {
        Description = "The WelcomeCode [default: a fresh random code].",
        HelpName = "code",
    };

    private readonly Option<string?> _by = new("--by") { Description = "Who deleted whom: customer (del_follow_user) or employee (del_external_contact) [default: customer].", HelpName = "who" };

    private readonly Option<string?> _failReason = new("--fail-reason")
    {
        Description = "Why the transfer failed: customer_refused or customer_limit_exceed [default: customer_refused].",
        HelpName = "reason",
    };

    private readonly Option<string?> _chat = new("--chat") { Description = "The group ChatId [default: a fresh wr… id].", HelpName = "id" };

    private readonly Option<int?> _joinScene = BoundedIntOption.CreateOptional(
        "--join-scene", "JoinScene: 0 invited by a member, 3 scanned the group QR code [default: 0].", "scene", 0, 99);

    private readonly Option<int?> _quitScene = BoundedIntOption.CreateOptional(
        "--quit-scene", "QuitScene: 0 left by themselves, 1 removed by the owner or an admin [default: 0].", "scene", 0, 99);

    private readonly Option<string[]> _members = new("--member")
    {
        Description = "An id that joined or left (repeat the option for several) [default: one fresh wm… id].",
        HelpName = "id",
    };

    private readonly Option<string?> _tagId = new("--tag-id")
    {
        Description = "The tag: a customer tag or tag group (corp-tag-*) or a member tag (tag-updated) [default: a fresh id].",
        HelpName = "id",
    };

    private readonly Option<string?> _tagType = new("--tag-type") { Description = "What the customer tag id names: tag or tag_group [default: tag].", HelpName = "type" };

    private readonly Option<string?> _department = new("--department")
    {
        Description = "The department id (department-*; the new member's department for member-created) [default: a fresh id; 1 for a member].",
        HelpName = "id",
    };

    private readonly Option<string?> _newUser = new("--new-user") { Description = "member-updated: the member's new UserID (NewUserID) [default: none].", HelpName = "id" };

    private readonly Option<string?> _orderId = new("--order-id")
    {
        Description = "The order (order-changed: the order being replaced) [default: a fresh id].",
        HelpName = "id",
    };

    private readonly Option<int?> _agentId = BoundedIntOption.CreateOptional(
        "--agent-id", $"The app's AgentID in the corp [default: {DefaultAgentId}].", "id", 1, int.MaxValue);

    private readonly Dictionary<string, EventBuilder> _builders;

    public TriggerEventOptions()
    {
        _by.AcceptOnlyFromAmong("customer", "employee");
        _failReason.AcceptOnlyFromAmong("customer_refused", "customer_limit_exceed");
        _tagType.AcceptOnlyFromAmong("tag", "tag_group");
        _builders = Builders();
    }

    public IReadOnlyList<Option> All =>
        [_user, _externalUser, _state, _welcomeCode, _by, _failReason, _chat, _joinScene, _quitScene, _members, _tagId, _tagType, _department, _newUser, _orderId, _agentId];

    /// <summary>Every event name <see cref="Create"/> can build; the catalogue's names, which a test keeps equal.</summary>
    public IEnumerable<string> Names => _builders.Keys;

    /// <summary>Giving an event an option of another event is bad usage, so a typo is not silently ignored.</summary>
    /// <exception cref="CliUsageException">An option of another event was given.</exception>
    public void RejectOptionsThatDoNotApply(string eventName, ParseResult parseResult)
    {
        var applicable = Builder(eventName).Options;
        var misplaced = All.Where(option => !applicable.Contains(option) && parseResult.GetResult(option) is not null).ToList();
        if (misplaced.Count > 0)
        {
            throw new CliUsageException($"{string.Join(", ", misplaced.Select(option => option.Name))} does not apply to {eventName}.");
        }
    }

    /// <summary>A new callback of the event: the values the user gave, fresh ones for the rest.</summary>
    public TriggerEvent Create(string eventName, ParseResult parseResult) => Builder(eventName).Create(parseResult);

    private EventBuilder Builder(string eventName) =>
        _builders.GetValueOrDefault(eventName) ?? throw new CliUsageException($"unknown event '{eventName}'.");

    private Dictionary<string, EventBuilder> Builders()
    {
        Option[] contact = [_user, _externalUser];
        return new()
        {
            [EventCatalog.ContactAdded] = new([.. contact, _state, _welcomeCode], p => new ContactAdded(User(p), Customer(p), p.GetValue(_state), WelcomeCode(p))),
            [EventCatalog.ContactHalfAdded] = new([.. contact, _state, _welcomeCode], p =>
                new ContactChanged("add_half_external_contact", User(p), Customer(p), p.GetValue(_state), WelcomeCode(p))),
            [EventCatalog.ContactEdited] = new(contact, p => new ContactChanged("edit_external_contact", User(p), Customer(p))),
            [EventCatalog.ContactDeleted] = new([.. contact, _by], p => new ContactDeleted(User(p), Customer(p), p.GetValue(_by) == "employee")),
            [EventCatalog.TransferFailed] = new([.. contact, _failReason], p =>
                new ContactChanged("transfer_fail", User(p), Customer(p), FailReason: p.GetValue(_failReason) ?? "customer_refused")),
            [EventCatalog.ChatArchiveApproved] = new([.. contact, _welcomeCode], p =>
                new ContactChanged("msg_audit_approved", User(p), Customer(p), WelcomeCode: WelcomeCode(p))),

            [EventCatalog.GroupCreated] = new([_chat], p => new GroupChatChanged(Chat(p), "create")),
            [EventCatalog.GroupDismissed] = new([_chat], p => new GroupChatChanged(Chat(p), "dismiss")),
            [EventCatalog.MemberJoined] = new([_chat, _joinScene, _members], p =>
                new MemberJoined(Chat(p), p.GetValue(_joinScene) ?? 0, Members(p), FreshValues.MemberVersion(), FreshValues.MemberVersion())),
            [EventCatalog.MemberLeft] = new([_chat, _quitScene, _members], p =>
                new MemberLeft(Chat(p), p.GetValue(_quitScene) ?? 0, Members(p), FreshValues.MemberVersion(), FreshValues.MemberVersion())),
            [EventCatalog.GroupOwnerChanged] = new([_chat], p => new GroupChatChanged(Chat(p), "update", "change_owner")),
            [EventCatalog.GroupRenamed] = new([_chat], p => new GroupChatChanged(Chat(p), "update", "change_name")),
            [EventCatalog.GroupNoticeChanged] = new([_chat], p => new GroupChatChanged(Chat(p), "update", "change_notice")),

            [EventCatalog.CorpTagCreated] = new([_tagId, _tagType], p => new CorpTagChanged("create", CorpTag(p), p.GetValue(_tagType) ?? "tag")),
            [EventCatalog.CorpTagUpdated] = new([_tagId, _tagType], p => new CorpTagChanged("update", CorpTag(p), p.GetValue(_tagType) ?? "tag")),
            [EventCatalog.CorpTagDeleted] = new([_tagId, _tagType], p => new CorpTagChanged("delete", CorpTag(p), p.GetValue(_tagType) ?? "tag")),
            [EventCatalog.CorpTagReordered] = new([_tagId], p => new CorpTagChanged("shuffle", CorpTag(p), TagType: null)),

            [EventCatalog.MemberCreated] = new([_user, _department], p =>
                new MemberChanged("create_user", User(p), Name: User(p), Departments: [p.GetValue(_department) ?? "1"], MainDepartment: p.GetValue(_department) ?? "1", Position: "销售", Status: 1)),
            [EventCatalog.MemberUpdated] = new([_user, _newUser], p =>
                p.GetValue(_newUser) is { } newUser ? new MemberChanged("update_user", User(p), NewUserId: newUser) : new MemberChanged("update_user", User(p), Position: "店长")),
            [EventCatalog.MemberDeleted] = new([_user], p => new MemberChanged("delete_user", User(p))),
            [EventCatalog.DepartmentCreated] = new([_department], p => new DepartmentChanged("create_party", Department(p), "华东销售部", ParentId: "1", Order: 1)),
            [EventCatalog.DepartmentUpdated] = new([_department], p => new DepartmentChanged("update_party", Department(p), "华东销售二部")),
            [EventCatalog.DepartmentDeleted] = new([_department], p => new DepartmentChanged("delete_party", Department(p))),
            [EventCatalog.TagUpdated] = new([_tagId, _user], p => new MemberTagUpdated(p.GetValue(_tagId) ?? FreshValues.NumericId(), [User(p)], [], [], [])),

            [EventCatalog.SuiteTicket] = new([], _ => new SuiteTicketPushed(FreshValues.SuiteTicket())),
            [EventCatalog.CreateAuth] = new([_state], p => new AuthorizationCreated(FreshValues.AuthCode(), p.GetValue(_state))),
            [EventCatalog.ChangeAuth] = new([_state], p => new CorpNotice("change_auth", State: p.GetValue(_state))),
            [EventCatalog.CancelAuth] = new([], _ => new CorpNotice("cancel_auth")),
            [EventCatalog.ResetPermanentCode] = new([], _ => new PermanentCodeResetPushed(FreshValues.AuthCode())),
            [EventCatalog.CorpArchAuth] = new([], _ => new CorpNotice("corp_arch_auth")),
            [EventCatalog.ApproveSpecialAuth] = new([], _ => new CorpNotice("approve_special_auth", AuthType: "customer_acquisition")),
            [EventCatalog.CancelSpecialAuth] = new([], _ => new CorpNotice("cancel_special_auth", AuthType: "customer_acquisition")),
            [EventCatalog.AgreeUserIdMigration] = new([], _ => new UserIdMigrationAgreed(SuiteOptions.DemoProviderCorpId)),

            [EventCatalog.ShareAgentChange] = new([_agentId], p => new AppShareChanged("share_agent_change", AgentId(p))),
            [EventCatalog.ShareChainChange] = new([_agentId], p => new AppShareChanged("share_chain_change", AgentId(p))),
            [EventCatalog.ChangeAppAdmin] = new([_agentId], p => new AppAdminsChanged(AgentId(p))),

            [EventCatalog.CorpRegistered] = new([_state, _user], p => Registration("register_corp", p)),
            [EventCatalog.RegisterPackageEntered] = new([_state, _user], p => Registration("enter_register_package", p)),

            [EventCatalog.OrderOpened] = new([_orderId, _user], p => new OrderNotice("open_order", OrderId: Order(p), OperatorId: User(p))),
            [EventCatalog.OrderChanged] = new([_orderId, _user], p =>
                new OrderNotice("change_order", OldOrderId: Order(p), NewOrderId: FreshValues.OrderId(), OperatorId: User(p))),
            [EventCatalog.OrderPaid] = new([_orderId], p => new OrderNotice("pay_for_app_success", OrderId: Order(p))),
            [EventCatalog.OrderRefunded] = new([_orderId], p => new OrderNotice("refund", OrderId: Order(p))),
            [EventCatalog.EditionChanged] = new([], _ => new OrderNotice("change_editon")),
        };
    }

    private string User(ParseResult p) => p.GetValue(_user) ?? DefaultUser;

    private string Customer(ParseResult p) => p.GetValue(_externalUser) ?? FreshValues.ExternalUserId();

    private string WelcomeCode(ParseResult p) => p.GetValue(_welcomeCode) ?? FreshValues.WelcomeCode();

    private string Chat(ParseResult p) => p.GetValue(_chat) ?? FreshValues.ChatId();

    private string[] Members(ParseResult p) => p.GetValue(_members) is { Length: > 0 } members ? members : [FreshValues.ExternalUserId()];

    private string CorpTag(ParseResult p) => p.GetValue(_tagId) ?? FreshValues.CorpTagId();

    private string Department(ParseResult p) => p.GetValue(_department) ?? FreshValues.NumericId();

    private string Order(ParseResult p) => p.GetValue(_orderId) ?? FreshValues.OrderId();

    private int AgentId(ParseResult p) => p.GetValue(_agentId) ?? DefaultAgentId;

    private CorpRegistration Registration(string infoType, ParseResult p) =>
        new(infoType, SuiteOptions.DemoProviderCorpId, FreshValues.RegisterCode(), DemoTemplateId, p.GetValue(_state), User(p));

    /// <summary>Which options an event takes, and how its callback is built from them.</summary>
    private sealed record EventBuilder(Option[] Options, Func<ParseResult, TriggerEvent> Create);
}
