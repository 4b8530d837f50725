using WeComGateway.Callbacks;
using WeComGateway.Cli.Events;
using Events = WeComGateway.Cli.Events;
using WeComGateway.Contracts;

namespace WeComGateway.Cli.Tests;

/// <summary>
/// Which records of <see cref="MessageCatalogue.CallbackEvents"/> <c>wecomgw trigger</c> can make the gateway publish,
/// read through the receiver's own parser: each event of <see cref="EventCatalog"/> in every shape WeCom sends it in.
/// A callback event is either triggerable or listed in <see cref="NotTriggerable"/> with the reason, so a new record
/// cannot go unnoticed.
/// </summary>
public sealed class TriggerCoverageTests
{
    private static readonly CallbackHeader Header = new("ww0000demosuite001", "ww0000democorp0001", DateTimeOffset.FromUnixTimeSeconds(1_760_000_000));

    /// <summary>Callback events <c>wecomgw trigger</c> cannot send, and why.</summary>
    private static readonly Dictionary<Type, string> NotTriggerable = new()
    {
        [typeof(UnrecognizedCallbackReceived)] = "not one WeCom event: what any unknown or incomplete callback becomes",
    };

    /// <summary>
    /// Events WeCom sends in one shape only (docs/wecom-protocol.md, "Event shapes"); every other event is sent both
    /// ways: InfoType to third-party suites, MsgType=event to self-built and 代开发 apps.
    /// </summary>
    private static readonly Dictionary<string, EventShape> SingleShape = new()
    {
        [EventCatalog.SuiteTicket] = EventShape.InfoType,
        [EventCatalog.CreateAuth] = EventShape.InfoType,
        [EventCatalog.ChangeAuth] = EventShape.InfoType,
        [EventCatalog.CancelAuth] = EventShape.InfoType,
        [EventCatalog.ResetPermanentCode] = EventShape.InfoType,
        [EventCatalog.CorpArchAuth] = EventShape.InfoType,
        [EventCatalog.ApproveSpecialAuth] = EventShape.InfoType,
        [EventCatalog.CancelSpecialAuth] = EventShape.InfoType,
        [EventCatalog.AgreeUserIdMigration] = EventShape.InfoType,
        [EventCatalog.CorpRegistered] = EventShape.InfoType,
        [EventCatalog.RegisterPackageEntered] = EventShape.InfoType,
        [EventCatalog.OrderOpened] = EventShape.InfoType,
        [EventCatalog.OrderChanged] = EventShape.InfoType,
        [EventCatalog.OrderPaid] = EventShape.InfoType,
        [EventCatalog.OrderRefunded] = EventShape.InfoType,
        [EventCatalog.EditionChanged] = EventShape.InfoType,
        [EventCatalog.ChangeAppAdmin] = EventShape.Event,
    };

    /// <summary>One event of each kind <see cref="EventCatalog"/> offers, with every variant its options select.</summary>
    private static IEnumerable<(string Name, TriggerEvent Event)> Samples() =>
    [
        (EventCatalog.ContactAdded, new ContactAdded("zhangsan", "wmCustomer01", "spring-poster", "WELCOME01")),
        (EventCatalog.ContactHalfAdded, new ContactChanged("add_half_external_contact", "zhangsan", "wmCustomer01", "spring-poster", "WELCOME01")),
        (EventCatalog.ContactEdited, new ContactChanged("edit_external_contact", "zhangsan", "wmCustomer01")),
        (EventCatalog.ContactDeleted, new ContactDeleted("zhangsan", "wmCustomer01")),
        (EventCatalog.ContactDeleted, new ContactDeleted("zhangsan", "wmCustomer01", ByEmployee: true)),
        (EventCatalog.TransferFailed, new ContactChanged("transfer_fail", "lisi", "wmCustomer01", FailReason: "customer_refused")),
        (EventCatalog.TransferFailed, new ContactChanged("transfer_fail", "lisi", "wmCustomer01", FailReason: "customer_limit_exceed")),
        (EventCatalog.ChatArchiveApproved, new ContactChanged("msg_audit_approved", "zhangsan", "wmCustomer01", WelcomeCode: "WELCOME01")),

        (EventCatalog.GroupCreated, new GroupChatChanged("wrChat01", "create")),
        (EventCatalog.GroupDismissed, new GroupChatChanged("wrChat01", "dismiss")),
        (EventCatalog.MemberJoined, new MemberJoined("wrChat01", 3, ["wmJack"], "9c3f97c2ada667dfb5f6d03308d963e1", "71217227bbd112ecfe3a49c482195cb4")),
        (EventCatalog.MemberLeft, new MemberLeft("wrChat01", 1, ["wmJack", "wmRose"], "9c3f97c2ada667dfb5f6d03308d963e1", "71217227bbd112ecfe3a49c482195cb4")),
        (EventCatalog.GroupOwnerChanged, new GroupChatChanged("wrChat01", "update", "change_owner")),
        (EventCatalog.GroupRenamed, new GroupChatChanged("wrChat01", "update", "change_name")),
        (EventCatalog.GroupNoticeChanged, new GroupChatChanged("wrChat01", "update", "change_notice")),

        (EventCatalog.CorpTagCreated, new CorpTagChanged("create", "etTag01", "tag")),
        (EventCatalog.CorpTagCreated, new CorpTagChanged("create", "etGroup01", "tag_group")),
        (EventCatalog.CorpTagUpdated, new CorpTagChanged("update", "etTag01", "tag")),
        (EventCatalog.CorpTagDeleted, new CorpTagChanged("delete", "etGroup01", "tag_group")),
        (EventCatalog.CorpTagReordered, new CorpTagChanged("shuffle", "etGroup01", TagType: null)),

        (EventCatalog.MemberCreated, new MemberChanged("create_user", "zhangsan", Name: "zhangsan", Departments: ["1"], MainDepartment: "1", Position: "销售", Status: 1)),
        (EventCatalog.MemberUpdated, new MemberChanged("update_user", "zhangsan", Position: "店长")),
        (EventCatalog.MemberUpdated, new MemberChanged("update_user", "zhangsan", NewUserId: "zhangsan2")),
        (EventCatalog.MemberDeleted, new MemberChanged("delete_user", "zhangsan")),
        (EventCatalog.DepartmentCreated, new DepartmentChanged("create_party", "2", "华东销售部", "1", 1)),
        (EventCatalog.DepartmentUpdated, new DepartmentChanged("update_party", "2", "华东销售二部")),
        (EventCatalog.DepartmentDeleted, new DepartmentChanged("delete_party", "2")),
        (EventCatalog.TagUpdated, new MemberTagUpdated("12", ["zhangsan"], [], [], [])),

        (EventCatalog.SuiteTicket, new SuiteTicketPushed("ticket")),
        (EventCatalog.CreateAuth, new Events.AuthorizationCreated("AUTHCODE", "install-from-site")),
        (EventCatalog.ChangeAuth, new CorpNotice("change_auth", State: "from-admin")),
        (EventCatalog.CancelAuth, new CorpNotice("cancel_auth")),
        (EventCatalog.ResetPermanentCode, new PermanentCodeResetPushed("AUTHCODE")),
        (EventCatalog.CorpArchAuth, new CorpNotice("corp_arch_auth")),
        (EventCatalog.ApproveSpecialAuth, new CorpNotice("approve_special_auth", AuthType: "customer_acquisition")),
        (EventCatalog.CancelSpecialAuth, new CorpNotice("cancel_special_auth", AuthType: "customer_acquisition")),
        (EventCatalog.AgreeUserIdMigration, new UserIdMigrationAgreed("ww0000demoprovider")),

        (EventCatalog.ShareAgentChange, new AppShareChanged("share_agent_change", 1000005)),
        (EventCatalog.ShareChainChange, new AppShareChanged("share_chain_change", 1000005)),
        (EventCatalog.ChangeAppAdmin, new AppAdminsChanged(1000005)),

        (EventCatalog.CorpRegistered, new CorpRegistration("register_corp", "ww0000demoprovider", "REGCODE", "tpl01", "from-link", "admin")),
        (EventCatalog.RegisterPackageEntered, new CorpRegistration("enter_register_package", "ww0000demoprovider", "REGCODE", "tpl01", null, "admin")),

        (EventCatalog.OrderOpened, new OrderNotice("open_order", OrderId: "T01", OperatorId: "zhangsan")),
        (EventCatalog.OrderChanged, new OrderNotice("change_order", OldOrderId: "T01", NewOrderId: "T02", OperatorId: "zhangsan")),
        (EventCatalog.OrderPaid, new OrderNotice("pay_for_app_success", OrderId: "T01")),
        (EventCatalog.OrderRefunded, new OrderNotice("refund", OrderId: "T01")),
        (EventCatalog.EditionChanged, new OrderNotice("change_editon")),
    ];

    [Fact]
    public void Every_event_of_the_trigger_catalogue_has_a_sample_here()
    {
        Assert.Equal(EventCatalog.Names.Order(StringComparer.Ordinal), Samples().Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_callback_event_of_the_contracts_can_be_triggered_or_is_listed_with_the_reason_it_cannot()
    {
        var triggerable = Triggered().Select(t => t.Record).ToHashSet();

        Assert.Empty(triggerable.Intersect(NotTriggerable.Keys).Select(t => $"{t.Name} can be triggered now: take it off NotTriggerable"));
        Assert.Empty(MessageCatalogue.CallbackEvents.Except(triggerable).Except(NotTriggerable.Keys)
            .Select(t => $"{t.Name}: add a wecomgw trigger template, or list it in NotTriggerable with the reason"));
        Assert.Empty(NotTriggerable.Keys.Except(MessageCatalogue.CallbackEvents).Select(t => $"{t.Name} is no callback event"));
    }

    [Fact]
    public void Each_event_is_sent_in_both_shapes_unless_WeCom_sends_it_in_one_only()
    {
        var shapes = Triggered().GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Select(t => t.Shape).Distinct().Order().ToList());

        Assert.All(EventCatalog.All, descriptor =>
        {
            IReadOnlyList<EventShape> expected = SingleShape.TryGetValue(descriptor.Name, out var only) ? [only] : [EventShape.InfoType, EventShape.Event];
            Assert.Equal(expected, descriptor.Shapes);
            Assert.Equal(expected, shapes[descriptor.Name]);
        });
    }

    [Fact]
    public void Each_sample_is_the_WeCom_kind_trigger_list_shows_and_names_the_corp_of_the_header()
    {
        foreach (var (name, sample) in Samples())
        {
            foreach (var shape in sample.Shapes)
            {
                var parsed = Parse(sample, shape);
                Assert.Equal(sample is ContactDeleted { ByEmployee: true } ? "change_external_contact/del_external_contact" : EventCatalog.Get(name).Kind, parsed.Kind);
                Assert.True(
                    parsed.Event.CorpId == Header.CorpId || sample is SuiteTicketPushed or Events.AuthorizationCreated or PermanentCodeResetPushed,
                    $"{name} in the {shape} shape names corp {parsed.Event.CorpId}");
            }
        }
    }

    /// <summary>What the receiver makes of each sample in each shape it may be sent in.</summary>
    private static List<(string Name, EventShape Shape, Type Record)> Triggered()
    {
        var triggered = new List<(string, EventShape, Type)>();
        foreach (var (name, sample) in Samples())
        {
            foreach (var shape in sample.Shapes)
            {
                var parsed = Parse(sample, shape);
                Assert.False(parsed.Event is UnrecognizedCallbackReceived, $"{name} in the {shape} shape is not recognised by the receiver: {parsed.Kind}");
                triggered.Add((name, shape, parsed.Event.GetType()));
            }
        }

        return triggered;
    }

    private static ParsedCallback Parse(TriggerEvent sample, EventShape shape)
    {
        var receiveId = shape == EventShape.Event ? Header.CorpId : Header.SuiteId;
        return CallbackEventParser.Parse(EventTemplates.ToXml(sample, shape, Header), new CallbackContext(Header.SuiteId, receiveId, Header.Time));
    }
}
