namespace WeComGateway.Storage.Fission;

/// <summary>
/// A fission (裂变) campaign of one corp: every participant shares a poster whose QR code is a contact way with a
/// personal state (<see cref="StatePrefix"/> + a short code); each new customer who adds an employee through it
/// credits the participant, who earns <see cref="Reward"/> at <see cref="Goal"/> credits.
/// </summary>
/// <param name="Id">The campaign's id: <c>[a-z0-9][a-z0-9-]{0,31}</c>.</param>
/// <param name="StatePrefix">What every participant's state starts with (<see cref="FissionStates"/>).</param>
/// <param name="Goal">Credits a participant needs for the reward (≥ 1).</param>
/// <param name="Employees">The employees (userids) on every participant's contact way: one makes a single-member code, several a multi-member code.</param>
/// <param name="DeleteWindow">A customer who deletes the employee within this time after adding never counted (<c>deleted_early</c>); a later delete takes the credit back too, as <c>lost</c>.</param>
public sealed record FissionCampaign(
    string Id,
    string Name,
    string StatePrefix,
    int Goal,
    string Reward,
    IReadOnlyList<string> Employees,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    TimeSpan DeleteWindow,
    DateTimeOffset CreatedAt);

/// <summary>How a participant came into the campaign.</summary>
public static class FissionSources
{
    /// <summary>Registered through the admin API or CLI.</summary>
    public const string Seed = "seed";

    /// <summary>Added an employee through another participant's state and was credited to them.</summary>
    public const string Invited = "invited";
}

/// <summary>
/// One participant of a campaign (a customer, by external user id) and their counts. <see cref="State"/> and the
/// poster are null for an invited customer until they join (ask for a poster) themselves.
/// </summary>
/// <param name="Inviter">Who invited them (null for a seed).</param>
/// <param name="Depth">0 for a seed, the inviter's depth + 1 for an invited customer.</param>
/// <param name="ConfigId">The contact way's config_id (for del_contact_way).</param>
/// <param name="PosterUrl">The contact way's QR code URL: what the poster shows.</param>
/// <param name="Credited">New customers they invited themselves (level 1): what counts toward the goal.</param>
/// <param name="Level2">Credited customers invited by someone they invited (recorded, not counted toward the goal).</param>
/// <param name="Level3">One level further down.</param>
/// <param name="GoalReached">They reached the goal (<c>FissionGoalReached</c> was decided; it stays even when credits are taken back).</param>
public sealed record FissionParticipant(
    string CampaignId,
    string ExternalUserId,
    string? State,
    string? Inviter,
    int Depth,
    string Source,
    string? ConfigId,
    string? PosterUrl,
    DateTimeOffset JoinedAt,
    long Credited,
    long Level2,
    long Level3,
    bool GoalReached);

/// <summary>The result of <see cref="IFissionStore.CreateCampaignAsync"/>.</summary>
public enum FissionCampaignCreateResult
{
    Created,

    /// <summary>A campaign with this id exists: nothing changed.</summary>
    IdTaken,

    /// <summary>Another campaign of the corp uses the same state prefix.</summary>
    PrefixTaken,

    /// <summary>The corp holds no grant: nothing of it may be written.</summary>
    NotAuthorized,
}

/// <summary>The result of <see cref="IFissionStore.JoinAsync"/>.</summary>
public enum FissionJoinResult
{
    /// <summary>The participant now holds the state asked for (new seed, or an invited customer joining).</summary>
    Joined,

    /// <summary>The participant held a state already: the stored participant is returned, nothing changed.</summary>
    AlreadyJoined,

    /// <summary>The state belongs to someone else: draw another code.</summary>
    StateTaken,

    NoCampaign,

    NotAuthorized,
}

public sealed record FissionJoin(FissionJoinResult Result, FissionParticipant? Participant);

/// <summary>What an add of a customer meant to the corp's campaigns.</summary>
public enum FissionAddResult
{
    /// <summary>The corp holds no grant: nothing written.</summary>
    NotAuthorized,

    /// <summary>The corp runs no campaign: nothing written.</summary>
    NoCampaigns,

    /// <summary>The state is no participant's: only remembered that the corp has this customer since then.</summary>
    NotFission,

    /// <summary>The inviter was credited.</summary>
    Credited,

    /// <summary>The same add again (a redelivery or duplicate): nothing changed; <see cref="FissionAddOutcome.Credit"/> as the first time.</summary>
    Repeat,

    /// <summary>The corp had this customer before (an earlier add, or the customer facts say so): not counted.</summary>
    ReAdd,

    /// <summary>The participant added through their own state.</summary>
    SelfAdd,

    /// <summary>The external user id is no customer's (<c>wm…</c> WeChat user, <c>wo…</c> WeCom user): not counted.</summary>
    NotCustomer,

    /// <summary>The add happened before the campaign started or after it ended.</summary>
    OutsideCampaign,

    /// <summary>A delete within the campaign's window was seen already (it arrived first): never counted.</summary>
    DeletedEarly,

    /// <summary>A later delete was seen already (it arrived first): the credit is taken back at once.</summary>
    Lost,
}

/// <summary>A participant's count after a change, for the events the worker publishes.</summary>
/// <param name="ParticipantId">The credited (or debited) participant: the direct inviter.</param>
/// <param name="CustomerId">The customer whose add or delete it was.</param>
/// <param name="Credited">The participant's credited count now.</param>
/// <param name="Goal"><c>pending</c> when this participant reached the goal and <c>FissionGoalReached</c> is still to be published, <c>sent</c> once published, null before.</param>
/// <param name="Reason">For a credit taken back: <c>deleted_early</c>, <c>lost</c> or <c>readd</c> (an earlier add of the customer came in late).</param>
public sealed record FissionCreditChange(string CampaignId, string ParticipantId, string CustomerId, long Credited, string? Goal, string? Reason);

/// <param name="Credit">The credit given (for <see cref="FissionAddResult.Credited"/>, and for a <see cref="FissionAddResult.Repeat"/> of it).</param>
/// <param name="Revoked">A credit this add took back: an earlier add of a customer already credited came in late.</param>
public sealed record FissionAddOutcome(FissionAddResult Result, FissionCreditChange? Credit, FissionCreditChange? Revoked);

public enum FissionDeleteResult
{
    NotAuthorized,
    NoCampaigns,

    /// <summary>The customer's credit was taken back (<see cref="FissionCreditChange.Reason"/> says how).</summary>
    Revoked,

    /// <summary>The same delete again: nothing changed; <see cref="FissionDeleteOutcome.Revoked"/> as the first time.</summary>
    Repeat,

    /// <summary>No credit to take back (yet): kept, so an add that arrives later knows of it.</summary>
    Recorded,
}

public sealed record FissionDeleteOutcome(FissionDeleteResult Result, FissionCreditChange? Revoked);

/// <summary>An add of a customer as the store judges it.</summary>
/// <param name="EmployeeId">The employee the customer added (<c>UserID</c>).</param>
/// <param name="State">The event's state; empty when none.</param>
/// <param name="AddedAt">WeCom's event time.</param>
/// <param name="KnownSince">When the corp first had this customer as far as the customer facts tell (their earliest add), if they do.</param>
public sealed record FissionAdd(string CustomerId, string EmployeeId, string State, DateTimeOffset AddedAt, DateTimeOffset? KnownSince);
