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

    /// <summary>Callback events <c>wecomgw trigger</c> cannot send yet, and why.</summary>
    private static readonly Dictionary<Type, string> NotTriggerable = new()
    {
        [typeof(UnrecognizedCallbackReceived)] = "not one WeCom event: what any unknown or incomplete callback becomes",
        [typeof(AuthorizationChanged)] = "no template yet",
        [typeof(AuthorizationCancelled)] = "no template yet",
        [typeof(PermanentCodeReset)] = "no template yet",
        [typeof(DirectoryMemberCreated)] = "no template yet",
        [typeof(DirectoryMemberUpdated)] = "no template yet",
        [typeof(DirectoryMemberDeleted)] = "no template yet",
        [typeof(DirectoryDepartmentCreated)] = "no template yet",
        [typeof(DirectoryDepartmentUpdated)] = "no template yet",
        [typeof(DirectoryDepartmentDeleted)] = "no template yet",
        [typeof(DirectoryTagUpdated)] = "no template yet",
        [typeof(ExternalContactHalfAdded)] = "no template yet",
        [typeof(ExternalContactEdited)] = "no template yet",
        [typeof(ExternalContactTransferFailed)] = "no template yet",
        [typeof(ChatArchiveApproved)] = "no template yet",
        [typeof(GroupChatCreated)] = "no template yet",
        [typeof(GroupChatDismissed)] = "no template yet",
        [typeof(GroupChatMemberLeft)] = "no template yet",
        [typeof(GroupChatOwnerChanged)] = "no template yet",
        [typeof(GroupChatRenamed)] = "no template yet",
        [typeof(GroupChatNoticeChanged)] = "no template yet",
        [typeof(CorpTagCreated)] = "no template yet",
        [typeof(CorpTagUpdated)] = "no template yet",
        [typeof(CorpTagDeleted)] = "no template yet",
        [typeof(CorpTagsReordered)] = "no template yet",
        [typeof(SharedAgentChanged)] = "no template yet",
        [typeof(SharedChainChanged)] = "no template yet",
        [typeof(CorpArchitectureAuthorized)] = "no template yet",
        [typeof(SpecialAuthorizationApproved)] = "no template yet",
        [typeof(SpecialAuthorizationCancelled)] = "no template yet",
        [typeof(CorpRegistered)] = "no template yet",
        [typeof(RegisterPackageEntered)] = "no template yet",
        [typeof(AppOrderOpened)] = "no template yet",
        [typeof(AppOrderChanged)] = "no template yet",
        [typeof(AppOrderPaid)] = "no template yet",
        [typeof(AppOrderRefunded)] = "no template yet",
        [typeof(AppEditionChanged)] = "no template yet",
        [typeof(ExternalUserIdMigrationAgreed)] = "no template yet",
        [typeof(AppAdminChanged)] = "no template yet",
    };

    /// <summary>One event of each kind <see cref="EventCatalog"/> offers, with every variant its options select.</summary>
    private static IEnumerable<(string Name, TriggerEvent Event)> Samples() =>
    [
        (EventCatalog.ContactAdded, new ContactAdded("zhangsan", "wmCustomer01", "spring-poster", "WELCOME01")),
        (EventCatalog.ContactDeleted, new ContactDeleted("zhangsan", "wmCustomer01")),
        (EventCatalog.ContactDeleted, new ContactDeleted("zhangsan", "wmCustomer01", ByEmployee: true)),
        (EventCatalog.MemberJoined, new MemberJoined("wrChat01", 3, ["wmJack"], "9c3f97c2ada667dfb5f6d03308d963e1", "71217227bbd112ecfe3a49c482195cb4")),
        (EventCatalog.SuiteTicket, new SuiteTicketPushed("ticket")),
        (EventCatalog.CreateAuth, new Events.AuthorizationCreated("AUTHCODE", "install-from-site")),
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
    public void Each_triggerable_event_is_sent_in_both_shapes_unless_WeCom_sends_it_only_as_a_suite_InfoType()
    {
        var shapes = Triggered().GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Select(t => t.Shape).Distinct().Order().ToList());

        Assert.All(EventCatalog.All, descriptor => Assert.Equal(
            descriptor.IsSuiteEvent ? [EventShape.InfoType] : [EventShape.InfoType, EventShape.Event],
            shapes[descriptor.Name]));
    }

    /// <summary>What the receiver makes of each sample in each shape it may be sent in.</summary>
    private static List<(string Name, EventShape Shape, Type Record)> Triggered()
    {
        var triggered = new List<(string, EventShape, Type)>();
        foreach (var (name, sample) in Samples())
        {
            foreach (var shape in sample.IsSuiteEvent ? [EventShape.InfoType] : new[] { EventShape.InfoType, EventShape.Event })
            {
                var receiveId = shape == EventShape.Event ? Header.CorpId : Header.SuiteId;
                var parsed = CallbackEventParser.Parse(EventTemplates.ToXml(sample, shape, Header), new CallbackContext(Header.SuiteId, receiveId, Header.Time));
                Assert.False(parsed.Event is UnrecognizedCallbackReceived, $"{name} in the {shape} shape is not recognised by the receiver: {parsed.Kind}");
                triggered.Add((name, shape, parsed.Event.GetType()));
            }
        }

        return triggered;
    }
}
