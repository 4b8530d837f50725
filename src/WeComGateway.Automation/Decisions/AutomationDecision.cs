namespace WeComGateway.Automation;

/// <summary>
/// What the rules decided for one customer and one event. The worker mirrors <see cref="AddTags"/> /
/// <see cref="RemoveTags"/> into WeCom, stores <see cref="Next"/> and publishes the stage change, segments entered and
/// the customer lost.
/// </summary>
public sealed record AutomationDecision
{
    /// <summary>The facts with <see cref="CustomerFacts.Tags"/>, stage and segments as decided (the same instance when nothing changed).</summary>
    public required CustomerFacts Next { get; init; }

    /// <summary>Tags to apply in WeCom: none of them is in the facts' tags yet.</summary>
    public IReadOnlyList<TagRef> AddTags { get; init; } = [];

    /// <summary>Tags to remove in WeCom: only tags the gateway applied (in the facts' tags); manual tags are never removed.</summary>
    public IReadOnlyList<TagRef> RemoveTags { get; init; } = [];

    /// <summary>The lifecycle move, if the stage changed; its tags are in <see cref="AddTags"/> / <see cref="RemoveTags"/>.</summary>
    public StageChange? StageChange { get; init; }

    /// <summary>Segments the customer entered with this event.</summary>
    public IReadOnlyList<SegmentEntry> SegmentsEntered { get; init; } = [];

    /// <summary>Segments the customer left: level-triggered segments whose rules no longer match.</summary>
    public IReadOnlyList<string> SegmentsLeft { get; init; } = [];

    /// <summary>Every rule whose condition matched, in file order.</summary>
    public IReadOnlyList<string> MatchedRuleIds { get; init; } = [];

    /// <summary>
    /// This event (contact_deleted_by_customer of the last follower) moved the customer to the lost stage;
    /// <see cref="StageChange"/> says from where, with reason <c>customer_lost</c>.
    /// </summary>
    public bool CustomerLost { get; init; }

    /// <summary>
    /// The remark and description the rules want, when that differs from what was last decided for the customer
    /// (<see cref="CustomerFacts.RemarkKey"/>); null: nothing to write.
    /// </summary>
    public RemarkIntent? Remark { get; init; }

    public bool ChangesWeComTags => AddTags.Count > 0 || RemoveTags.Count > 0;

    /// <summary>Tags, stage or segments change.</summary>
    public bool ChangesAnything => ChangesWeComTags || StageChange is not null || SegmentsEntered.Count > 0 || SegmentsLeft.Count > 0 || Remark is not null;
}

/// <summary>A lifecycle move. <paramref name="Reason"/> is the id of the rule that moved the customer, or <c>customer_lost</c>.</summary>
public sealed record StageChange(string? From, string To, string Reason)
{
    /// <summary>The reason of the move to the lost stage when the customer deleted their last employee.</summary>
    public const string CustomerLostReason = "customer_lost";
}

/// <summary>The customer entered <paramref name="Segment"/> because rule <paramref name="RuleId"/> matched.</summary>
public sealed record SegmentEntry(string Segment, string RuleId);
