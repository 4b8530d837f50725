namespace WeComGateway.Contracts;

/// <summary>
/// Published <b>to</b> the gateway by another internal system (shop, order service): a customer bought something.
/// Tagging rules read it (purchase count, total spent, days since last purchase, categories bought). Idempotent on
/// (<see cref="CorpId"/>, <see cref="OrderId"/>): publishing one order twice counts it once.
/// </summary>
public sealed record CustomerPurchaseRecorded
{
    /// <summary>The enterprise the customer belongs to.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id (the provider-scoped id WeCom gives the gateway).</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The publisher's order id; the idempotency key.</summary>
    public required string OrderId { get; init; }

    /// <summary>Amount paid, in yuan (CNY), e.g. <c>128.50</c>. Refunds are not purchases: do not publish negative amounts.</summary>
    public required decimal Amount { get; init; }

    /// <summary>When the purchase was made.</summary>
    public required DateTimeOffset PurchasedAt { get; init; }

    /// <summary>Product categories in the order as the business names them (e.g. <c>水果</c>); rules can match on them.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}

/// <summary>
/// Published <b>to</b> the gateway by another internal system (membership service): a customer's membership changed.
/// Only the newest change wins: one older than the last applied <see cref="ChangedAt"/> is ignored.
/// </summary>
public sealed record CustomerMembershipChanged
{
    /// <summary>The enterprise the customer belongs to.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>
    /// The new status: <c>none</c>, <c>active</c>, <c>lapsed</c> (did not renew) or <c>cancelled</c>. Open value: a
    /// rule can match any string the publisher uses.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Membership level or plan, if the business has levels (e.g. <c>gold</c>).</summary>
    public string? Level { get; init; }

    /// <summary>When the change happened at the publisher; orders concurrent changes.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>Values of <see cref="CustomerMembershipChanged.Status"/> the shipped rules use.</summary>
public static class MembershipStatuses
{
    /// <summary>Not a member.</summary>
    public const string None = "none";

    /// <summary>A paying member.</summary>
    public const string Active = "active";

    /// <summary>Membership ran out and was not renewed.</summary>
    public const string Lapsed = "lapsed";

    /// <summary>Membership was cancelled.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A command to the gateway's automation worker: evaluate the customer's rules again now, as the daily time-based
/// re-evaluation does (facts like "days since last purchase" change without an event). Published by the gateway's
/// scheduler; another system may publish it too, e.g. after fixing data.
/// </summary>
public sealed record CustomerReevaluationRequested
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>When the re-evaluation was asked for. Rules are evaluated at the worker's clock when it is consumed.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>
/// Asks the gateway to backfill a corp's existing customers now: list the members with customer contact, read every
/// customer they follow from WeCom, and seed what the gateway knows of them (follow users, corp tags, add time) without
/// welcoming them or firing lifecycle rules. The admin API (<c>POST /admin/corps/{corpId}/backfill</c>) and
/// <c>wecomgw corps sync</c> publish it; the gateway also backfills on its own after an installation. A backfill already
/// running for the corp is not started twice.
/// </summary>
public sealed record CustomerBackfillRequested
{
    /// <summary>The enterprise; it must hold an active grant.</summary>
    public required string CorpId { get; init; }

    /// <summary>Who asked, for the audit log (e.g. <c>admin</c>).</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When it was asked for.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}
