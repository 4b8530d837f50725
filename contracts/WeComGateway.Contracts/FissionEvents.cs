namespace WeComGateway.Contracts;

/// <summary>
/// A fission (裂变) participant reached their campaign's goal: enough new customers added an employee through their
/// personal state. Decided once per participant and campaign (it stays decided when credits are taken back and earned
/// again); published with a message id fixed by (corp, campaign, participant), so a rare repeat is recognisable.
/// </summary>
public sealed record FissionGoalReached
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The participant (a customer's external user id).</summary>
    public required string ParticipantId { get; init; }

    /// <summary>Their credited count when the goal was reached.</summary>
    public required long Credited { get; init; }

    /// <summary>The campaign's goal.</summary>
    public required int Goal { get; init; }

    /// <summary>The campaign's reward description, as configured.</summary>
    public required string Reward { get; init; }

    /// <summary>When the gateway saw the credit that reached the goal.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A fission participant's credited count changed: a new customer was credited to them (<see cref="Change"/> =
/// <c>credited</c>) or a credit was taken back (<c>deleted_early</c>, <c>lost</c>, <c>readd</c>). At least once: a
/// redelivered event publishes it again with the same message id.
/// </summary>
public sealed record FissionCreditChanged
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The participant credited or debited (the direct inviter).</summary>
    public required string ParticipantId { get; init; }

    /// <summary>The customer whose add or delete it was.</summary>
    public required string CustomerId { get; init; }

    /// <summary><c>credited</c>; or why it was taken back: <c>deleted_early</c> (within the delete window), <c>lost</c> (later), <c>readd</c> (an earlier add of the customer arrived late).</summary>
    public required string Change { get; init; }

    /// <summary>The participant's credited count after the change.</summary>
    public required long Credited { get; init; }

    /// <summary>WeCom's time of the add or delete.</summary>
    public required DateTimeOffset At { get; init; }
}
