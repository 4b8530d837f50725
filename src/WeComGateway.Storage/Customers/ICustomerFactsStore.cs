namespace WeComGateway.Storage.Customers;

/// <summary>One customer of one corp.</summary>
public readonly record struct CustomerRef(string CorpId, string ExternalUserId);

/// <summary>A customer's facts as the caller serialized them, and the version they were written at (≥ 1).</summary>
public sealed record VersionedFacts(string Json, long Version);

/// <summary>One customer's stored facts, as <see cref="ICustomerFactsStore.ListAsync"/> pages them.</summary>
public sealed record StoredCustomerFacts(string ExternalUserId, VersionedFacts Facts);

/// <summary>A page of customers and the cursor of the next (0: that was the last page).</summary>
public sealed record CustomerPage(IReadOnlyList<StoredCustomerFacts> Customers, long NextCursor);

/// <summary>
/// What the gateway knows about each customer, written with optimistic concurrency, plus a per-corp index of when
/// each customer is next due for re-evaluation. The JSON is opaque to the store. Corp ids are validated like
/// <see cref="Authorizations.CorpKeys"/>, external user ids like <see cref="ExternalUserIds"/> (both
/// <see cref="ArgumentException"/>). Every key lives under <c>wecomgw:{corpId}:</c> (one Redis Cluster slot), so cancel_auth removes it;
/// the only exception is the global set of corps, which cancel_auth and <see cref="ClaimDueAsync"/> clean up. Redis failures throw
/// <see cref="StoreUnavailableException"/>.
/// </summary>
public interface ICustomerFactsStore
{
    /// <summary>The stored facts (hash <c>wecomgw:{corpId}:customer:{externalUserId}</c>), or <c>null</c> when none were written.</summary>
    Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set in one atomic step: stores <paramref name="json"/> at version <c>expectedVersion + 1</c> only
    /// when the stored version is <paramref name="expectedVersion"/> (0 = nothing stored yet), and in the same step sets
    /// the customer's due time (<paramref name="dueAt"/> <c>null</c> = not due at all) and records the corp in
    /// <see cref="CorpsAsync"/>. Returns <c>false</c> and changes nothing on a conflict: re-read, decide again, retry.
    /// A corp removed by cancel_auth takes no write until it is authorized again: <c>true</c>, and nothing is stored, so
    /// a consumer still working on one of its events stops instead of retrying.
    /// </summary>
    Task<bool> TryWriteAsync(string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Every customer of the corp with stored facts, a page at a time (start with cursor 0; a next cursor of 0 ends it).
    /// A page holds about <paramref name="count"/> customers, maybe none before the end; a customer written while the
    /// corp is paged through may be missed or seen twice (SSCAN's guarantee), never one that was there throughout.
    /// </summary>
    Task<CustomerPage> ListAsync(string corpId, long cursor, int count, CancellationToken cancellationToken);

    /// <summary>
    /// The corps that may have due customers: every corp written to since its due index was last found missing
    /// (a corp is dropped by cancel_auth, and by <see cref="ClaimDueAsync"/> once it has no due customer).
    /// </summary>
    Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> customers of the corp due at or before <paramref name="now"/>
    /// (earliest first) and moves their due time to <c>now + lease</c>, so another scheduler run or replica does not
    /// take them again while they are processed. A later <see cref="TryWriteAsync"/> sets the real next due time; a
    /// customer whose processing failed comes back once the lease has passed. When the corp has no due customer left,
    /// it is removed from <see cref="CorpsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);
}
