namespace WeComGateway.Storage.Claims;

/// <summary>What <see cref="IClaimStore.TryClaimAsync"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>The caller holds the pending claim now: do the work, then finalize or release it.</summary>
    Claimed,

    /// <summary>The work was done already (a retry or a redelivery): do nothing.</summary>
    AlreadyFinalized,

    /// <summary>Another owner holds a pending claim that has not expired yet.</summary>
    InFlight,
}

/// <summary>
/// Two-phase claims that make a piece of work happen once across retries and replicas: a pending claim (short TTL, so
/// a crashed owner never blocks the work for long) becomes final when the work is done, or is released when it failed.
/// Throws <see cref="StoreUnavailableException"/> when the store cannot be reached.
/// </summary>
public interface IClaimStore
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="owner"/> until <paramref name="pendingTtl"/> passes.</summary>
    Task<ClaimOutcome> TryClaimAsync(ClaimKey key, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken);

    /// <summary>The work is done: the key reads as <see cref="ClaimOutcome.AlreadyFinalized"/> for <paramref name="keep"/>.</summary>
    Task FinalizeAsync(ClaimKey key, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>The work failed: drops the claim, but only while it is still <paramref name="owner"/>'s pending claim.</summary>
    Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken);
}
