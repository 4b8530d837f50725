namespace WeComGateway.Storage.Moments;

/// <summary>
/// A corp's customer moments (docs/moments.md): the records (a hash of id → JSON) and the due index (a sorted set of
/// ids by when the scheduler must look at them: create the task, poll it, announce it), under <c>wecomgw:{corpId}:</c>
/// and removed with the corp's last grant; the corps with due moments in one set outside every corp. Writes check the
/// grant; <see cref="UpdateAsync"/> is a compare-and-set on <see cref="Moment.Version"/>, so of two replicas that
/// read the same moment only one moves it on. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IMomentStore
{
    /// <summary>Stores a new moment (version 1), due at <paramref name="due"/>; an existing id is answered as it is.</summary>
    Task<(MomentCreateResult Result, Moment? Moment)> CreateAsync(string corpId, Moment moment, DateTimeOffset due, CancellationToken cancellationToken);

    Task<Moment?> GetAsync(string corpId, string momentId, CancellationToken cancellationToken);

    /// <summary>The corp's moments, newest first.</summary>
    Task<IReadOnlyList<Moment>> ListAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the moment with <paramref name="updated"/> (its version becomes <paramref name="expectedVersion"/> + 1)
    /// when the stored one is still at <paramref name="expectedVersion"/>, and puts it in the due index at
    /// <paramref name="nextDue"/> (null: out of it). Answers the stored moment, or null on a conflict or without a grant.
    /// </summary>
    Task<Moment?> UpdateAsync(string corpId, Moment updated, long expectedVersion, DateTimeOffset? nextDue, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> moments due at or before <paramref name="now"/> and moves them to
    /// <c>now + lease</c>, so another replica does not take them while they are handled.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Corps with due moments (a corp is dropped by <see cref="ClaimDueAsync"/> once it has none).</summary>
    Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken);
}
