using WeComGateway.Automation;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Customers;

/// <summary>Bus messages → the automation engine's events. One callback may name several customers (a group join).</summary>
internal static class CustomerEventMapper
{
    public static AutomationEvent From(ExternalContactAdded m) =>
        Contact(m, AutomationEventKind.ContactAdded, m.ExternalUserId, m.UserId) with { State = m.State };

    public static AutomationEvent From(ExternalContactHalfAdded m) =>
        Contact(m, AutomationEventKind.ContactHalfAdded, m.ExternalUserId, m.UserId) with { State = m.State };

    public static AutomationEvent From(ExternalContactEdited m) =>
        Contact(m, AutomationEventKind.ContactEdited, m.ExternalUserId, m.UserId);

    public static AutomationEvent From(ExternalContactDeletedByEmployee m) =>
        Contact(m, AutomationEventKind.ContactDeletedByEmployee, m.ExternalUserId, m.UserId);

    public static AutomationEvent From(ExternalContactDeletedByCustomer m) =>
        Contact(m, AutomationEventKind.ContactDeletedByCustomer, m.ExternalUserId, m.UserId);

    /// <summary>One event per customer among the members (employees in the list are skipped).</summary>
    public static IEnumerable<AutomationEvent> From(GroupChatMemberJoined m) =>
        Customers(m.MemberIds).Select(id => Contact(m, AutomationEventKind.GroupMemberJoined, id, null, m.DedupeKey + ":" + id)
            with { ChatId = m.ChatId, JoinScene = m.JoinScene });

    public static IEnumerable<AutomationEvent> From(GroupChatMemberLeft m) =>
        Customers(m.MemberIds).Select(id => Contact(m, AutomationEventKind.GroupMemberLeft, id, null, m.DedupeKey + ":" + id)
            with { ChatId = m.ChatId });

    public static AutomationEvent From(CustomerPurchaseRecorded m) => new()
    {
        Kind = AutomationEventKind.PurchaseRecorded,
        CorpId = m.CorpId,
        ExternalUserId = m.ExternalUserId,
        EventKey = "order:" + m.OrderId,
        OccurredAt = m.PurchasedAt,
        OrderId = m.OrderId,
        Amount = m.Amount,
        Categories = m.Categories,
    };

    public static AutomationEvent From(CustomerMembershipChanged m) => new()
    {
        Kind = AutomationEventKind.MembershipChanged,
        CorpId = m.CorpId,
        ExternalUserId = m.ExternalUserId,
        EventKey = $"membership:{m.ChangedAt.ToUnixTimeMilliseconds()}:{m.Status}",
        OccurredAt = m.ChangedAt,
        MembershipStatus = m.Status,
        MembershipLevel = m.Level,
    };

    public static AutomationEvent From(CustomerReevaluationRequested m) => new()
    {
        Kind = AutomationEventKind.Scheduled,
        CorpId = m.CorpId,
        ExternalUserId = m.ExternalUserId,
        EventKey = "scheduled:" + m.RequestedAt.ToUnixTimeMilliseconds(),
        OccurredAt = m.RequestedAt,
    };

    /// <summary>
    /// Customers' external user ids start with <c>wm</c> or <c>wo</c> (WeChat users) — WeCom's documented id
    /// format; employees' user ids are chosen by the corp and are skipped.
    /// </summary>
    public static bool IsCustomerId(string id) =>
        id.Length > 2 && (id.StartsWith("wm", StringComparison.Ordinal) || id.StartsWith("wo", StringComparison.Ordinal));

    private static IEnumerable<string> Customers(IReadOnlyList<string> memberIds) =>
        memberIds.Where(IsCustomerId).Distinct(StringComparer.Ordinal);

    private static AutomationEvent Contact(WeComCallbackEvent m, AutomationEventKind kind, string externalUserId, string? userId, string? eventKey = null) => new()
    {
        Kind = kind,
        CorpId = m.CorpId ?? throw new ArgumentException($"{m.GetType().Name} {m.DedupeKey} names no corp", nameof(m)),
        ExternalUserId = externalUserId,
        EventKey = eventKey ?? m.DedupeKey,
        OccurredAt = m.EventTime,
        UserId = userId,
    };
}
