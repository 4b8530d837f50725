namespace WeComGateway.Storage.Campaigns;

/// <summary>
/// A corp's campaigns (群发), their plans, tasks and results, and how often the gateway's campaigns reached each
/// customer in a month, all under <c>wecomgw:{corpId}:campaign…</c> (docs/campaigns.md). Every write checks the corp's
/// grant in the same step. What must happen once is decided here, across retries and replicas: the first plan stored
/// is the plan; the first record of a task is the task, and only that record counts its customers against the month.
/// Corp ids are validated like <see cref="Authorizations.CorpKeys"/>, campaign ids like <see cref="CampaignIds"/>;
/// Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ICampaignStore
{
    /// <summary>Stores a new campaign (version 1), due at its <see cref="CampaignRecord.SendAt"/>.</summary>
    Task<CampaignCreateOutcome> CreateAsync(string corpId, CampaignRecord campaign, CancellationToken cancellationToken);

    Task<CampaignSnapshot?> GetAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    /// <summary>The corp's campaigns, newest first.</summary>
    Task<IReadOnlyList<CampaignRecord>> ListAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set of the campaign's record at <paramref name="expectedVersion"/>, with its next due time
    /// (<c>null</c>: nothing more is due). False on a conflict (or when the campaign or the corp's grant is gone).
    /// </summary>
    Task<bool> TryUpdateAsync(string corpId, CampaignRecord campaign, long expectedVersion, DateTimeOffset? dueAt, CancellationToken cancellationToken);

    /// <summary>Stores the plan unless one is stored; returns the stored plan (null when the campaign or grant is gone).</summary>
    Task<CampaignPlan?> SavePlanAsync(string corpId, string campaignId, CampaignPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Records a task unless one with its key is recorded, and then only counts <paramref name="counted"/> once each
    /// against <paramref name="month"/> (kept for <paramref name="monthKeep"/>). Returns the recorded task (null when
    /// the campaign or grant is gone).
    /// </summary>
    Task<CampaignTask?> RecordTaskAsync(
        string corpId, string campaignId, CampaignTask task, string month, IReadOnlyList<string> counted, TimeSpan monthKeep, CancellationToken cancellationToken);

    /// <summary>Replaces recorded tasks' progress (<see cref="CampaignTask.MemberSent"/>): tasks not recorded are ignored.</summary>
    Task UpdateTasksAsync(string corpId, string campaignId, IReadOnlyList<CampaignTask> tasks, CancellationToken cancellationToken);

    /// <summary>How many campaign messages each customer got in <paramref name="month"/> (those never counted are left out).</summary>
    Task<IReadOnlyDictionary<string, int>> MonthlyCountsAsync(string corpId, string month, IReadOnlyList<string> externalUserIds, CancellationToken cancellationToken);

    /// <summary>WeCom's send status per customer as last read (get_groupmsg_send_result).</summary>
    Task<IReadOnlyDictionary<string, int>> ResultsAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    Task WriteResultsAsync(string corpId, string campaignId, IReadOnlyDictionary<string, int> statuses, CancellationToken cancellationToken);

    /// <summary>The corps that may have campaign work due (a corp is dropped once it has none, and at cancel_auth).</summary>
    Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> campaigns due at or before <paramref name="now"/> and moves them
    /// to <c>now + lease</c>, so another replica does not take them while they are handled; the handler's
    /// <see cref="TryUpdateAsync"/> sets the real next time. Drops the corp from <see cref="CorpsAsync"/> when nothing is due.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);
}
