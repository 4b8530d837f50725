namespace WeComGateway.Storage.Fission;

/// <summary>
/// A corp's fission campaigns, participants and credits, all under <c>wecomgw:{corpId}:fission:…</c> (docs/fission.md).
/// Every write checks the corp's grant in the same step. The counting is the store's: one atomic step per add or
/// delete decides and counts, so a redelivered, duplicated or out-of-order event changes the counts once:
/// <list type="bullet">
/// <item>a new customer (no earlier add of theirs known to the corp) added through a participant's state credits that
/// participant once (level 1), and is recorded for the participant's inviter (level 2) and theirs (level 3);</item>
/// <item>re-adds, self-adds, ids that are no customer's and adds outside the campaign's time do not count;</item>
/// <item>the customer deleting that employee takes the credit back (<c>deleted_early</c> within the campaign's
/// window, <c>lost</c> after it), whichever of the two events arrives first;</item>
/// <item>an add of the customer earlier than the credited one (arriving late) takes that credit back (<c>readd</c>);</item>
/// <item>the goal is decided once per participant: <see cref="FissionCreditChange.Goal"/> turns <c>pending</c> once and
/// stays decided when credits are taken back and earned again.</item>
/// </list>
/// Corp ids are validated like <see cref="Authorizations.CorpKeys"/>; Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IFissionStore
{
    Task<FissionCampaignCreateResult> CreateCampaignAsync(string corpId, FissionCampaign campaign, CancellationToken cancellationToken);

    Task<FissionCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    Task<IReadOnlyList<FissionCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives <paramref name="externalUserId"/> the state <paramref name="state"/> in the campaign: a new seed, or an
    /// invited customer (keeping their inviter). A participant who holds a state already keeps it.
    /// </summary>
    Task<FissionJoin> JoinAsync(string corpId, string campaignId, string externalUserId, string state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the participant's contact way unless they have one already. Returns the participant as stored: when its
    /// <see cref="FissionParticipant.ConfigId"/> is not <paramref name="configId"/>, another call was first (delete yours).
    /// Null when the participant (or the corp's grant) is gone.
    /// </summary>
    Task<FissionParticipant?> SetPosterAsync(string corpId, string campaignId, string externalUserId, string configId, string posterUrl, CancellationToken cancellationToken);

    Task<FissionParticipant?> GetParticipantAsync(string corpId, string campaignId, string externalUserId, CancellationToken cancellationToken);

    /// <summary>The top <paramref name="top"/> participants by credited count (ties: higher external user id first, as Redis orders them).</summary>
    Task<IReadOnlyList<FissionParticipant>> LeaderboardAsync(string corpId, string campaignId, int top, CancellationToken cancellationToken);

    /// <summary>Judges and counts one add (any state: adds without a participant's state still tell that the corp has the customer).</summary>
    Task<FissionAddOutcome> RecordAddAsync(string corpId, FissionAdd add, CancellationToken cancellationToken);

    /// <summary>Judges and counts the customer deleting <paramref name="employeeId"/> at <paramref name="deletedAt"/>.</summary>
    Task<FissionDeleteOutcome> RecordDeleteAsync(string corpId, string customerId, string employeeId, DateTimeOffset deletedAt, CancellationToken cancellationToken);

    /// <summary>Marks the participant's pending goal as published (<c>sent</c>); false when it was not pending.</summary>
    Task<bool> MarkGoalPublishedAsync(string corpId, string campaignId, string participantId, CancellationToken cancellationToken);
}
