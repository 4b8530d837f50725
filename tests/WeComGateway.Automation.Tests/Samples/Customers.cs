using Microsoft.Extensions.Time.Testing;

namespace WeComGateway.Automation.Tests;

/// <summary>Events for one customer of one corp, at fixed instants (Shanghai time unless said otherwise).</summary>
internal static class Customers
{
    public const string Corp = "wwcorp0001";
    public const string Customer = "wmCustomer0001";

    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Monday 2 March 2026, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 10, 0, 0, Shanghai);

    public static DateTimeOffset At(int hour, int minute = 0) => new(2026, 3, 2, hour, minute, 0, Shanghai);

    public static CustomerFacts New() => CustomerFacts.New(Corp, Customer);

    public static AutomationEvent Added(string? state = null, string employee = "zhangsan", DateTimeOffset? at = null, string? key = null) =>
        Event(AutomationEventKind.ContactAdded, at, key) with { UserId = employee, State = state };

    public static AutomationEvent HalfAdded(string? state = null, string employee = "zhangsan", DateTimeOffset? at = null) =>
        Event(AutomationEventKind.ContactHalfAdded, at) with { UserId = employee, State = state };

    public static AutomationEvent DeletedByCustomer(string employee = "zhangsan", DateTimeOffset? at = null) =>
        Event(AutomationEventKind.ContactDeletedByCustomer, at) with { UserId = employee };

    public static AutomationEvent DeletedByEmployee(string employee = "zhangsan", DateTimeOffset? at = null) =>
        Event(AutomationEventKind.ContactDeletedByEmployee, at) with { UserId = employee };

    public static AutomationEvent JoinedGroup(string chatId, int? scene = null, DateTimeOffset? at = null) =>
        Event(AutomationEventKind.GroupMemberJoined, at) with { ChatId = chatId, JoinScene = scene };

    public static AutomationEvent LeftGroup(string chatId, DateTimeOffset? at = null) =>
        Event(AutomationEventKind.GroupMemberLeft, at) with { ChatId = chatId };

    /// <summary>The worker's key for an order is <c>order:{id}</c>.</summary>
    public static AutomationEvent Purchase(string orderId, decimal amount, DateTimeOffset at, params string[] categories) =>
        Event(AutomationEventKind.PurchaseRecorded, at, "order:" + orderId) with { OrderId = orderId, Amount = amount, Categories = categories };

    public static AutomationEvent Membership(string status, DateTimeOffset at, string? level = null) =>
        Event(AutomationEventKind.MembershipChanged, at, $"membership:{at.ToUnixTimeMilliseconds()}:{status}") with
        {
            MembershipStatus = status,
            MembershipLevel = level,
        };

    public static AutomationEvent Scheduled(DateTimeOffset at) =>
        Event(AutomationEventKind.Scheduled, at, "scheduled:" + at.ToUnixTimeMilliseconds());

    public static AutomationEvent Event(AutomationEventKind kind, DateTimeOffset? at = null, string? key = null) => new()
    {
        Kind = kind,
        CorpId = Corp,
        ExternalUserId = Customer,
        EventKey = key ?? $"{kind}:{Guid.NewGuid():N}",
        OccurredAt = at ?? MondayMorning,
    };
}

/// <summary>
/// One customer going through the worker's loop — fold the event, decide, keep the decided facts — on a fake clock,
/// so a test can say "45 days later" without touching wall-clock time.
/// </summary>
internal sealed class Journey(RuleSet rules, DateTimeOffset start)
{
    public FakeTimeProvider Clock { get; } = new(start);

    public CustomerFacts Facts { get; private set; } = Customers.New();

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Applies the event at the clock's time and keeps the decided facts; null when the event was applied before.</summary>
    public AutomationDecision? Handle(AutomationEvent e)
    {
        var folded = CustomerFactsUpdater.Apply(Facts, e);
        if (folded is null)
        {
            return null;
        }

        var decision = rules.Evaluate(folded, e, Now);
        Facts = decision.Next;
        return decision;
    }

    /// <summary>The event happens now: its time is the clock's.</summary>
    public AutomationDecision Happens(Func<DateTimeOffset, AutomationEvent> e) => Handle(e(Now)) ?? throw new InvalidOperationException("already applied");

    public void Advance(TimeSpan by) => Clock.Advance(by);
}
