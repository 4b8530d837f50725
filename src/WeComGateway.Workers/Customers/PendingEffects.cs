using System.Text.Json.Serialization;
using WeComGateway.Automation;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// What one applied event still has to do outside the gateway: the tag change to mirror into WeCom and the events to
/// publish. It is written in the same compare-and-set as the facts it was decided with, carried out after that write
/// (<see cref="CustomerEffects"/>), then removed. A redelivery of the event that finds it still there carries it out
/// again, so a worker that dies between the write and WeCom loses nothing: mark_tag is set-based, and a published
/// event goes out again with the same message id.
/// </summary>
internal sealed record PendingEffects
{
    /// <summary>
    /// How many a customer keeps. More pile up only when events fail for good and are never replayed; the oldest
    /// are then dropped (logged).
    /// </summary>
    public const int Limit = 16;

    /// <summary>The event that decided them (<see cref="AutomationEvent.EventKey"/>).</summary>
    public required string EventKey { get; init; }

    public PendingTagChange? Tags { get; init; }

    public LifecycleStageChanged? StageChanged { get; init; }

    public IReadOnlyList<CustomerSegmentEntered> SegmentsEntered { get; init; } = [];

    public CustomerLost? Lost { get; init; }

    /// <summary>The remark rules' result to write to every follow user (<see cref="CustomerRemarkWriter"/>).</summary>
    public PendingRemark? Remark { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Tags is null && StageChanged is null && SegmentsEntered.Count == 0 && Lost is null && Remark is null;

    /// <summary>
    /// The effects of <paramref name="decision"/>: its tag change (when <paramref name="tags"/> says through whom) and
    /// the stage move, segments entered and customer lost as they will be published, stamped <paramref name="now"/>.
    /// </summary>
    public static PendingEffects Of(AutomationEvent e, AutomationDecision decision, PendingTagChange? tags, DateTimeOffset now) => new()
    {
        EventKey = e.EventKey,
        Tags = tags,
        StageChanged = decision.StageChange is { } move
            ? new LifecycleStageChanged { CorpId = e.CorpId, ExternalUserId = e.ExternalUserId, From = move.From, To = move.To, Reason = move.Reason, At = now }
            : null,
        SegmentsEntered = [.. decision.SegmentsEntered.Select(entered => new CustomerSegmentEntered
        {
            CorpId = e.CorpId,
            ExternalUserId = e.ExternalUserId,
            Segment = entered.Segment,
            RuleId = entered.RuleId,
            At = now,
        })],
        Lost = decision.CustomerLost
            ? new CustomerLost { CorpId = e.CorpId, ExternalUserId = e.ExternalUserId, UserId = e.UserId ?? string.Empty, PreviousStage = decision.StageChange?.From, At = e.OccurredAt }
            : null,
    };
}

/// <summary>One mark_tag: through <paramref name="Employee"/>, who follows the customer, with a token of <paramref name="SuiteId"/>.</summary>
internal sealed record PendingTagChange(string SuiteId, string Employee, IReadOnlyList<TagRef> Add, IReadOnlyList<TagRef> Remove)
{
    /// <summary>
    /// The part the facts still want: a tag is added only while the facts hold it and removed only while they do not
    /// (a later event may have reversed the change before this one was carried out).
    /// </summary>
    public PendingTagChange StillWantedBy(CustomerFacts facts) => this with
    {
        Add = [.. Add.Where(facts.Tags.Contains)],
        Remove = [.. Remove.Where(tag => !facts.Tags.Contains(tag))],
    };

    [JsonIgnore]
    public bool IsEmpty => Add.Count == 0 && Remove.Count == 0;
}

/// <summary>A remark to write, with a token of <paramref name="SuiteId"/>.</summary>
internal sealed record PendingRemark(string SuiteId, RemarkIntent Intent)
{
    /// <summary>Still what the facts want: a later event that decided another remark supersedes this one.</summary>
    public bool StillWantedBy(CustomerFacts facts) => string.Equals(facts.RemarkKey, Intent.Key, StringComparison.Ordinal);
}
