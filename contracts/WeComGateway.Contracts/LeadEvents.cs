namespace WeComGateway.Contracts;

/// <summary>
/// Leads were added to a corp's lead pool (批量加好友; the admin API and <c>wecomgw leads import</c> publish it), or
/// the corp's lead settings changed (<see cref="Count"/> 0): the lead workers assign the waiting leads of the corp now
/// instead of at their next scheduled pass.
/// </summary>
public sealed record LeadsImported
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>How many new leads entered the pool (phones already known are not counted).</summary>
    public required int Count { get; init; }

    /// <summary>Who imported them (the admin API key's name).</summary>
    public required string ImportedBy { get; init; }

    /// <summary>When they were stored.</summary>
    public required DateTimeOffset ImportedAt { get; init; }
}

/// <summary>
/// A lead was given to an employee, who is reminded through an application message (text card). An assignment is
/// (<see cref="LeadId"/>, <see cref="Attempt"/>): the same pair may be published more than once (the scheduler
/// republishes while its reminder is not confirmed), so subscribers deduplicate on it. Carries no full phone number.
/// </summary>
public sealed record LeadAssigned
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The lead (12 hex characters, opaque; the same in every event of the lead).</summary>
    public required string LeadId { get; init; }

    /// <summary>1 for the first employee, 2 after the first timeout, …</summary>
    public required int Attempt { get; init; }

    /// <summary>The employee (userid) who should add the customer.</summary>
    public required string UserId { get; init; }

    /// <summary>Where the lead came from, as imported (e.g. <c>展会</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The phone masked (<c>138****8000</c>): never the number itself.</summary>
    public required string MaskedPhone { get; init; }

    /// <summary>The lead's <c>state</c> (<c>lead-{LeadId}</c>): a contact way made with it converts the lead on the add.</summary>
    public required string State { get; init; }

    /// <summary>When it was assigned.</summary>
    public required DateTimeOffset AssignedAt { get; init; }

    /// <summary>When it goes back to the pool unless the customer was added.</summary>
    public required DateTimeOffset Deadline { get; init; }
}

/// <summary>
/// A lead's customer was added (the add event's <c>state</c> named the lead, or the employee's <c>remark_mobiles</c>
/// for the customer hold the lead's phone). Published at least once per lead; <see cref="LeadId"/> is its identity.
/// </summary>
public sealed record LeadConverted
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The lead.</summary>
    public required string LeadId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The employee who added the customer (counted as theirs in the report).</summary>
    public required string UserId { get; init; }

    /// <summary>The employee the lead was assigned to at the time, if any (may differ from <see cref="UserId"/>).</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Where the lead came from, as imported.</summary>
    public required string Source { get; init; }

    /// <summary>The phone masked (<c>138****8000</c>).</summary>
    public required string MaskedPhone { get; init; }

    /// <summary>How it was matched: <c>state</c> or <c>remark_mobile</c>.</summary>
    public required string MatchedBy { get; init; }

    /// <summary>When the lead entered the pool.</summary>
    public required DateTimeOffset ImportedAt { get; init; }

    /// <summary>When the gateway matched the add to the lead.</summary>
    public required DateTimeOffset ConvertedAt { get; init; }

    /// <summary>From import to conversion.</summary>
    public required TimeSpan TimeToConvert { get; init; }
}

/// <summary>
/// An employee did not add a lead's customer within the corp's time: the lead went back to the pool and was given to
/// another employee (<see cref="ToUserId"/>), who is reminded in turn. <see cref="ToUserId"/> is null when no other
/// employee could take it: every one had it already (the lead leaves the pool) or every one is at today's cap (it
/// waits for tomorrow). Published at least once per (<see cref="LeadId"/>, <see cref="Attempt"/>).
/// </summary>
public sealed record LeadReassigned
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The lead.</summary>
    public required string LeadId { get; init; }

    /// <summary>The assignment that timed out.</summary>
    public required int Attempt { get; init; }

    /// <summary>The employee who had it.</summary>
    public required string FromUserId { get; init; }

    /// <summary>The employee who has it now, or null (see the type's summary).</summary>
    public string? ToUserId { get; init; }

    /// <summary>Where the lead came from, as imported.</summary>
    public required string Source { get; init; }

    /// <summary>The phone masked (<c>138****8000</c>).</summary>
    public required string MaskedPhone { get; init; }

    /// <summary>When the first assignment's deadline passed and the lead went back to the pool.</summary>
    public required DateTimeOffset ReturnedAt { get; init; }
}
