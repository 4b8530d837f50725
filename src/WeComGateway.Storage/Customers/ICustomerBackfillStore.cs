namespace WeComGateway.Storage.Customers;

public enum BackfillState
{
    /// <summary>A run is paging through WeCom (or died while it was; see <see cref="ICustomerBackfillStore.StartAsync"/>).</summary>
    Running,

    /// <summary>Every follow user's customers were read and seeded.</summary>
    Done,

    /// <summary>The run stopped for good (e.g. WeCom refused the API); <see cref="BackfillProgress.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// Where a corp's existing-customer backfill stands, written after every page so that a run that died resumes where it
/// stopped: the follow users are paged in batches of up to 100 (sorted by userid), <see cref="UserOffset"/> of them
/// are done, and <see cref="Cursor"/> is WeCom's <c>next_cursor</c> within the batch that starts there.
/// </summary>
public sealed record BackfillProgress
{
    /// <summary>The run that holds the backfill (the id of the message that started or resumed it).</summary>
    public required string RunId { get; init; }

    public required BackfillState State { get; init; }

    /// <summary>How many follow users get_follow_user_list answered (0 until it has been called).</summary>
    public int FollowUsers { get; init; }

    /// <summary>Follow users whose customers were all read.</summary>
    public int UserOffset { get; init; }

    /// <summary>WeCom's cursor for the next page of the current batch; empty at the start of a batch.</summary>
    public string Cursor { get; init; } = string.Empty;

    public long Pages { get; init; }

    /// <summary>Entries read: one per customer per member who follows them.</summary>
    public long Customers { get; init; }

    /// <summary>Customers the gateway knew nothing of before (facts created).</summary>
    public long Seeded { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The last write: a run whose progress was not updated for a lease is taken over by the next start.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public string? Error { get; init; }
}

/// <summary>What <see cref="ICustomerBackfillStore.StartAsync"/> decided.</summary>
public enum BackfillStartResult
{
    /// <summary>A new run, from the first follow user.</summary>
    Started,

    /// <summary>An unfinished run (this one, redelivered, or one that stopped updating for a lease) goes on from its stored position.</summary>
    Resumed,

    /// <summary>Another run updated the progress within the lease: it is still working; nothing changed.</summary>
    Busy,

    /// <summary>This run finished already, or the corp's backfill is done and no new run was asked for; nothing changed.</summary>
    AlreadyDone,

    /// <summary>The corp holds no grant: nothing of it may be written.</summary>
    NotAuthorized,
}

/// <param name="Progress">The progress as stored after the decision (null only for <see cref="BackfillStartResult.NotAuthorized"/> of a corp never backfilled).</param>
public sealed record BackfillStart(BackfillStartResult Result, BackfillProgress? Progress);

/// <summary>
/// A corp's backfill progress, one hash at <c>wecomgw:{corpId}:backfill</c> (a fixed key of the corp, removed with its
/// last grant). Every write checks the corp's grant in the same step, and only the run that holds the backfill may
/// write. Corp ids are validated like <see cref="Authorizations.CorpKeys"/>. Redis failures throw
/// <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ICustomerBackfillStore
{
    Task<BackfillProgress?> GetAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the corp's backfill for <paramref name="runId"/> in one atomic step: resumes a running backfill when it is
    /// this run's or its last update is older than <paramref name="lease"/> (its holder died), answers
    /// <see cref="BackfillStartResult.Busy"/> when another run is alive, and otherwise starts afresh — except when this
    /// run is already done, or the corp's backfill is done and <paramref name="again"/> is false.
    /// </summary>
    Task<BackfillStart> StartAsync(string corpId, string runId, bool again, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="progress"/> (a page done, or the end: <see cref="BackfillState.Done"/> /
    /// <see cref="BackfillState.Failed"/>) while its run still holds the running backfill and the corp holds a grant.
    /// Returns false, changing nothing, when another run took over or the corp's data was removed: the caller stops.
    /// </summary>
    Task<bool> SaveAsync(string corpId, BackfillProgress progress, CancellationToken cancellationToken);
}
