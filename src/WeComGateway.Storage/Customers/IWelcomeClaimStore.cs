namespace WeComGateway.Storage.Customers;

/// <summary>What <see cref="IWelcomeClaimStore.TryClaimAsync"/> found.</summary>
public enum WelcomeClaimOutcome
{
    /// <summary>The caller owns the code now: send the welcome message, then complete or release.</summary>
    Claimed,

    /// <summary>A welcome message was already sent with this code.</summary>
    AlreadySent,

    /// <summary>Another worker holds an unexpired claim on the code.</summary>
    InFlight,
}

/// <summary>
/// Makes a single-use welcome code send at most one welcome message even when WeCom redelivers the event. Claims are
/// keyed by the code's fingerprint (<c>wecomgw:corp:{corpId}:welcome:{first 32 hex of SHA-256}</c>); the code itself,
/// a credential, is never stored. Corp ids are validated like <see cref="Authorizations.CorpKeys"/>. Redis failures
/// throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IWelcomeClaimStore
{
    /// <summary>
    /// Claims the code for <paramref name="owner"/> for <paramref name="pendingTtl"/> (after that an unfinished claim
    /// lapses and another worker may claim it). One atomic SET NX PX.
    /// </summary>
    Task<WelcomeClaimOutcome> TryClaimAsync(string corpId, string welcomeCode, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken);

    /// <summary>The welcome message went out: the code reads as <see cref="WelcomeClaimOutcome.AlreadySent"/> for <paramref name="keep"/>.</summary>
    Task CompleteAsync(string corpId, string welcomeCode, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>Sending failed: drops the claim, but only while it is still <paramref name="owner"/>'s pending claim (compare-and-delete).</summary>
    Task ReleaseAsync(string corpId, string welcomeCode, string owner, CancellationToken cancellationToken);
}
