namespace WeComGateway.Automation;

/// <summary>
/// What the gateway knows of one customer of one enterprise: folded from events by
/// <see cref="CustomerFactsUpdater.Apply"/>, decided on by <see cref="RuleSet.Evaluate"/>. The worker stores it as
/// JSON (System.Text.Json, camelCase); it holds no cycles and only init-settable members.
/// </summary>
public sealed record CustomerFacts
{
    /// <summary>How many event keys (and order ids) <see cref="RecentEventKeys"/> keeps.</summary>
    public const int RecentEventKeyLimit = 64;

    public required string CorpId { get; init; }

    public required string ExternalUserId { get; init; }

    public string? Name { get; init; }

    /// <summary>The first non-empty channel <c>state</c> the customer came with.</summary>
    public string? Channel { get; init; }

    /// <summary>When the customer first added an employee.</summary>
    public DateTimeOffset? AddedAt { get; init; }

    /// <summary>Employees (userids) currently following the customer.</summary>
    public IReadOnlyList<string> FollowUsers { get; init; } = [];

    /// <summary>Customer group chats the customer is in.</summary>
    public IReadOnlyList<string> GroupChats { get; init; } = [];

    /// <summary>
    /// Tags the <b>gateway</b> applied in WeCom, including the lifecycle stage tag: the only tags it removes. One an
    /// employee removed by hand leaves this list at the next read of the customer's tags from WeCom
    /// (<see cref="CustomerFactsUpdater.WithWeComTags"/>).
    /// </summary>
    public IReadOnlyList<TagRef> Tags { get; init; } = [];

    /// <summary>
    /// Corp tags WeCom has on the customer that the gateway did not apply (set by employees by hand, or by another app),
    /// as of the last read of the customer's tags from WeCom. <c>hasTag</c> / <c>lacksTag</c> see them; the gateway
    /// never removes them.
    /// </summary>
    public IReadOnlyList<TagRef> ManualTags { get; init; } = [];

    /// <summary>The lifecycle stage; null before the first stage move.</summary>
    public string? Stage { get; init; }

    public int PurchaseCount { get; init; }

    /// <summary>Sum of purchase amounts, in yuan.</summary>
    public decimal TotalSpent { get; init; }

    public DateTimeOffset? LastPurchaseAt { get; init; }

    /// <summary>Every category the customer has bought from (capped at <see cref="CustomerFactsUpdater.MaxPurchasedCategories"/>).</summary>
    public IReadOnlyList<string> PurchasedCategories { get; init; } = [];

    /// <summary>The membership status, e.g. <c>active</c>, <c>lapsed</c>.</summary>
    public string? Membership { get; init; }

    public string? MembershipLevel { get; init; }

    /// <summary>When the applied membership change happened; older changes arriving later are ignored.</summary>
    public DateTimeOffset? MembershipChangedAt { get; init; }

    /// <summary>Segments the customer is in (entered by rules).</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>The customer deleted the last employee who followed them.</summary>
    public bool Lost { get; init; }

    /// <summary>
    /// Keys of the last <see cref="RecentEventKeyLimit"/> applied events (and <c>order:{id}</c> of recent orders), oldest
    /// first: a redelivered event is recognised and not applied twice.
    /// </summary>
    public IReadOnlyList<string> RecentEventKeys { get; init; } = [];

    /// <summary>
    /// The fingerprint of the remark last decided for the customer (<see cref="RemarkIntent.Key"/>): texts, values and
    /// follow users. An evaluation that arrives at the same one leaves WeCom alone.
    /// </summary>
    public string? RemarkKey { get; init; }

    /// <summary>A customer the gateway has seen nothing of yet.</summary>
    public static CustomerFacts New(string corpId, string externalUserId) =>
        new() { CorpId = corpId, ExternalUserId = externalUserId };
}
