namespace WeComGateway.Storage.Dedupe;

public enum ClaimOutcome
{
    /// <summary>This caller owns the pending claim and must complete or release it.</summary>
    Claimed,

    /// <summary>The event was already made durable: a retry, answer success and do nothing.</summary>
    AlreadyCompleted,

    /// <summary>Another request holds a pending claim that has not expired yet.</summary>
    InFlight,
}

/// <summary>
/// Two-phase dedupe claims on the hash of a decrypted callback. A claim is pending (short TTL, so a crash between
/// claim and publish never swallows the event) until the event is durable; then it is completed (long TTL).
/// Throws <see cref="StoreUnavailableException"/> when the store cannot be reached.
/// </summary>
public interface IDedupeStore
{
    Task<ClaimOutcome> TryClaimAsync(string dedupeKey, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken);

    Task CompleteAsync(string dedupeKey, TimeSpan completedTtl, CancellationToken cancellationToken);

    /// <summary>Deletes the claim only while it is still this owner's pending claim.</summary>
    Task ReleaseAsync(string dedupeKey, string owner, CancellationToken cancellationToken);
}
