namespace WeComGateway.Contracts;

/// <summary>
/// A customer moved to another lifecycle stage (新客户 → 初步沟通 → 意向客户 → 成交 → 无意向 by default; the stages are
/// per enterprise). The stage is mirrored into WeCom as one tag of the lifecycle tag group before this is published.
/// </summary>
public sealed record LifecycleStageChanged
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The stage before; null for a customer seen for the first time.</summary>
    public string? From { get; init; }

    /// <summary>The stage now.</summary>
    public required string To { get; init; }

    /// <summary>Why: the id of the rule that moved the customer, or <c>customer_lost</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>When the gateway moved the customer.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A customer entered a segment a rule names, e.g. <c>at-risk</c> (important customer about to churn: 3+ purchases,
/// the last 30–60 days ago, 500+ spent). Marketing systems subscribe to act on it (send a retention coupon).
/// Published once per entry: a customer must leave the segment before entering it again.
/// </summary>
public sealed record CustomerSegmentEntered
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The segment name as the rule set spells it.</summary>
    public required string Segment { get; init; }

    /// <summary>The rule whose condition the customer now meets.</summary>
    public required string RuleId { get; init; }

    /// <summary>When the gateway saw the customer enter.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The customer deleted the employee (<c>del_follow_user</c>) and was moved to the lost stage.</summary>
public sealed record CustomerLost
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The employee the customer deleted.</summary>
    public required string UserId { get; init; }

    /// <summary>The stage the customer was in before.</summary>
    public string? PreviousStage { get; init; }

    /// <summary>When the customer deleted the employee (WeCom's event time).</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The welcome message (欢迎语) for a new customer was accepted by send_welcome_msg.</summary>
public sealed record WelcomeMessageSent
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The employee the customer added.</summary>
    public required string UserId { get; init; }

    /// <summary>The welcome template the rules chose.</summary>
    public required string TemplateId { get; init; }

    /// <summary>The rule that chose it, or null for the rule set's default welcome.</summary>
    public string? RuleId { get; init; }

    /// <summary>WeCom's event time (when the customer was added).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>When WeCom accepted the welcome message.</summary>
    public required DateTimeOffset SentAt { get; init; }
}

/// <summary>
/// A welcome message was not sent because its welcome code was no longer usable: the 20-second window had passed
/// before the gateway could send, or WeCom answered 41050 (code invalid or expired). Not retried.
/// </summary>
public sealed record WelcomeMessageExpired
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The employee the customer added.</summary>
    public required string UserId { get; init; }

    /// <summary>WeCom's event time (when the customer was added).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>When the gateway gave up.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary><c>window_passed</c> (gateway-side) or <c>code_expired</c> (WeCom answered 41050).</summary>
    public required string Reason { get; init; }
}
