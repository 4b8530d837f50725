namespace WeComGateway.Cli.Events;

/// <summary>An event <c>wecomgw trigger</c> knows.</summary>
/// <param name="Name">The positional argument, e.g. <c>contact-added</c>.</param>
/// <param name="Kind">What the receiver will call it: InfoType or Event, then ChangeType/UpdateDetail.</param>
/// <param name="Description">One line for <c>trigger list</c>.</param>
/// <param name="IsSuiteEvent">Suite events exist only in the InfoType shape.</param>
internal sealed record EventDescriptor(string Name, string Kind, string Description, bool IsSuiteEvent);

internal static class EventCatalog
{
    public const string ContactAdded = "contact-added";
    public const string ContactDeleted = "contact-deleted";
    public const string MemberJoined = "member-joined";
    public const string SuiteTicket = "suite-ticket";
    public const string CreateAuth = "create-auth";

    public static IReadOnlyList<EventDescriptor> All { get; } =
    [
        new(ContactAdded, "change_external_contact/add_external_contact", "a member added a customer (fresh welcome code unless --welcome-code)", IsSuiteEvent: false),
        new(ContactDeleted, "change_external_contact/del_follow_user", "the customer deleted the member (--by employee: the member deleted the customer, del_external_contact)", IsSuiteEvent: false),
        new(MemberJoined, "change_external_chat/update/add_member", "people joined a customer group chat", IsSuiteEvent: false),
        new(SuiteTicket, "suite_ticket", "WeCom's ten-minute suite ticket push (fresh ticket)", IsSuiteEvent: true),
        new(CreateAuth, "create_auth", "a corp installed the app from the marketplace (fresh AuthCode)", IsSuiteEvent: true),
    ];

    public static IEnumerable<string> Names => All.Select(descriptor => descriptor.Name);

    public static EventDescriptor Get(string name) =>
        All.FirstOrDefault(descriptor => descriptor.Name == name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, "unknown event");
}
