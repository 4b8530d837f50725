namespace WeComGateway.Storage.Leads;

/// <summary>
/// A corp's lead pool (批量加好友): the leads, the phone index, the pool (waiting leads, oldest first), the due index
/// (assigned leads by the time the scheduler must look at them: the reminder, then the deadline), the rotation state,
/// the day's counts per employee, the report counters and the settings — all under <c>wecomgw:{corpId}:</c>, removed
/// with the corp's last grant. Every write checks the grant and is one atomic step that also moves the counters, so a
/// transition (assign, return, convert) is counted exactly once however often it is attempted. Corp ids are validated
/// like <see cref="Authorizations.CorpKeys"/>. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ILeadStore
{
    /// <summary>
    /// Adds the leads to the pool, each with a new id, skipping a phone the corp already has (its lead id is answered).
    /// Nothing is written for a corp without a grant (0 imported).
    /// </summary>
    Task<LeadImportResult> ImportAsync(string corpId, IReadOnlyList<NewLead> leads, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Lead?> GetAsync(string corpId, string leadId, CancellationToken cancellationToken);

    /// <summary>The lead with this (normalized) phone, or null.</summary>
    Task<Lead?> FindByPhoneAsync(string corpId, string phone, CancellationToken cancellationToken);

    /// <summary>Whether the corp ever imported a lead (cheap: the phone index exists).</summary>
    Task<bool> HasLeadsAsync(string corpId, CancellationToken cancellationToken);

    Task<LeadPoolSettings?> GetSettingsAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Stores the settings; false when the corp holds no grant.</summary>
    Task<bool> SaveSettingsAsync(string corpId, LeadPoolSettings settings, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> leads waiting in the pool, oldest first.</summary>
    Task<IReadOnlyList<Lead>> PooledAsync(string corpId, int max, CancellationToken cancellationToken);

    /// <summary>The rotation state and the counts of <paramref name="day"/> (<c>yyyyMMdd</c>, corp-local).</summary>
    Task<LeadAssignmentState> GetAssignmentAsync(string corpId, string day, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a pooled lead to <paramref name="userId"/> until <paramref name="deadline"/> when the rotation is still at
    /// <paramref name="expectedVersion"/> (compare-and-set): moves the cursor, counts the employee's day and the
    /// report, and puts the lead in the due index at once (its reminder is due).
    /// </summary>
    Task<(LeadAssignResult Result, Lead? Lead)> TryAssignAsync(
        string corpId, string leadId, string userId, long expectedVersion, long nextCursor, string day, DateTimeOffset now, DateTimeOffset deadline,
        CancellationToken cancellationToken);

    /// <summary>A pooled lead every employee had: out of the pool (<see cref="LeadStatus.Exhausted"/>). False when it was not pooled.</summary>
    Task<bool> ExhaustAsync(string corpId, string leadId, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> leads of the due index due at or before <paramref name="now"/> and
    /// moves them to <c>now + lease</c>, so another replica does not take them while they are handled.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The assignment <paramref name="attempt"/> timed out (its deadline is at or before <paramref name="now"/> and the
    /// lead is still assigned): back into the pool, its employee added to <see cref="Lead.Tried"/>, counted as returned.
    /// Returns the lead as it was assigned, or null when that assignment is over (converted, returned already).
    /// </summary>
    Task<Lead?> ReturnToPoolAsync(string corpId, string leadId, int attempt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The reminder of assignment <paramref name="attempt"/> is done: the lead is next due at its deadline. False when that assignment is over.</summary>
    Task<bool> MarkRemindedAsync(string corpId, string leadId, int attempt, CancellationToken cancellationToken);

    /// <summary>The customer was added by <paramref name="userId"/>: converted (counted for them), whatever state the lead was in.</summary>
    Task<(LeadConvertResult Result, Lead? Lead)> ConvertAsync(
        string corpId, string leadId, string externalUserId, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The counters, one row per (employee, source) that has any.</summary>
    Task<IReadOnlyList<LeadReportRow>> ReportAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Corps with leads in the pool or due (a corp is dropped by <see cref="ClaimDueAsync"/> once it has neither).</summary>
    Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken);
}
