namespace WeComGateway.Automation;

/// <summary>
/// One thing that happened to one customer, in the engine's terms. The worker maps bus messages to it; which optional
/// fields are set depends on <see cref="Kind"/>.
/// </summary>
public sealed record AutomationEvent
{
    public required AutomationEventKind Kind { get; init; }

    public required string CorpId { get; init; }

    public required string ExternalUserId { get; init; }

    /// <summary>
    /// The idempotency key: the callback's dedupe key, <c>order:{id}</c>, … An event whose key the customer's facts
    /// already hold is not applied again.
    /// </summary>
    public required string EventKey { get; init; }

    /// <summary>When it happened at the source (WeCom's event time, the order time, the membership change time).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The employee (contact events).</summary>
    public string? UserId { get; init; }

    /// <summary>The channel QR code's <c>state</c> (contact_added / contact_half_added).</summary>
    public string? State { get; init; }

    /// <summary>The customer group chat (group events).</summary>
    public string? ChatId { get; init; }

    /// <summary>How the customer joined the group chat (WeCom's JoinScene).</summary>
    public int? JoinScene { get; init; }

    /// <summary>The order (purchase_recorded); a second event for the same order is not counted again.</summary>
    public string? OrderId { get; init; }

    /// <summary>Amount paid in yuan (purchase_recorded).</summary>
    public decimal? Amount { get; init; }

    /// <summary>Product categories in the order (purchase_recorded).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The new membership status, e.g. <c>lapsed</c> (membership_changed).</summary>
    public string? MembershipStatus { get; init; }

    /// <summary>The new membership level (membership_changed).</summary>
    public string? MembershipLevel { get; init; }
}
