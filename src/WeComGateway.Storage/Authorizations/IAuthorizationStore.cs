namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// An enterprise's authorization of a suite. The permanent code is a long-lived secret: encrypted at rest
/// (AES-GCM, <c>Gateway:SecretsKey</c>), never logged, never on the bus. <see cref="ToString"/> omits it.
/// </summary>
public sealed record CorpAuthorization(
    string CorpId,
    string SuiteId,
    string PermanentCode,
    string? CorpName,
    DateTimeOffset AuthorizedAt,
    bool Active = true,
    string? InactiveReason = null)
{
    public override string ToString() =>
        $"CorpAuthorization {{ CorpId = {CorpId}, SuiteId = {SuiteId}, CorpName = {CorpName}, Active = {Active}, InactiveReason = {InactiveReason} }}";
}

/// <summary>Authorizations at <c>wecomgw:{corpId}:auth</c>. Throws <see cref="StoreUnavailableException"/>.</summary>
public interface IAuthorizationStore
{
    /// <summary>Stores (replaces) the authorization; a removed corp's data may be written again from now on.</summary>
    Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken);

    Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>WeCom no longer accepts the permanent code (40084, 48004): keep the record, stop calling for it.</summary>
    Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// cancel_auth: removes every key of the corp (<c>wecomgw:{corpId}:…</c>, found by name and through the corp's key
    /// index, no SCAN) and its place in the automation corps set, and leaves the tombstone <c>wecomgw:{corpId}:gone</c>
    /// so that no late writer brings a key back (<see cref="SaveAsync"/> clears it). Returns how many keys were removed.
    /// </summary>
    Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken);
}
