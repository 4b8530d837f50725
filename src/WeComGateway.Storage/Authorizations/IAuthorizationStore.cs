namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// One grant: an enterprise's authorization of one suite (a third-party app or a 代开发 template). A corp may hold
/// several, one per suite. The permanent code is a long-lived secret: encrypted at rest (AES-GCM,
/// <c>Gateway:SecretsKey</c>), never logged, never on the bus. <see cref="ToString"/> omits it.
/// </summary>
/// <param name="AgentId">
/// The suite's app in the corp (<c>auth_info.agent[0].agentid</c> of get_permanent_code / get_auth_info): what
/// message/send needs. Null for a grant stored before it was kept (the next change_auth fills it in).
/// </param>
public sealed record CorpAuthorization(
    string CorpId,
    string SuiteId,
    string PermanentCode,
    string? CorpName,
    DateTimeOffset AuthorizedAt,
    bool Active = true,
    string? InactiveReason = null,
    long? AgentId = null)
{
    public override string ToString() =>
        $"CorpAuthorization {{ CorpId = {CorpId}, SuiteId = {SuiteId}, CorpName = {CorpName}, Active = {Active}, InactiveReason = {InactiveReason}, AgentId = {AgentId} }}";
}

/// <summary>What removing one grant did.</summary>
/// <param name="GrantRemoved">A grant of that suite was stored and is gone now.</param>
/// <param name="RemainingSuiteIds">The corp's other grants; empty: the corp itself was removed with it.</param>
/// <param name="KeysRemoved">How many keys went (the grant, its corp token, and with the last grant every key of the corp).</param>
public sealed record GrantRemoval(bool GrantRemoved, IReadOnlyList<string> RemainingSuiteIds, long KeysRemoved)
{
    public bool CorpRemoved => RemainingSuiteIds.Count == 0;
}

/// <summary>
/// Grants per (corp, suite) at <c>wecomgw:{corpId}:auth:{suiteId}</c>, the corp's suites in <c>wecomgw:{corpId}:grants</c>.
/// A corp's own data (customers, tags, rules, employees, welcome claims, tokens) may only be written while the corp
/// holds a grant: every store's write checks it in the same atomic step. Throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IAuthorizationStore
{
    /// <summary>Stores (replaces) the grant of <see cref="CorpAuthorization.SuiteId"/>; the corp's data may be written from now on.</summary>
    Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken);

    Task<CorpAuthorization?> GetAsync(string corpId, string suiteId, CancellationToken cancellationToken);

    /// <summary>Every grant the corp holds (active or not), ordered by suite id; empty when it holds none.</summary>
    Task<IReadOnlyList<CorpAuthorization>> ListAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>WeCom no longer accepts the grant's permanent code (40084, 48004): keep the record, stop calling for it.</summary>
    Task MarkInactiveAsync(string corpId, string suiteId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// cancel_auth of one suite: removes that grant and its corp token. When it was the corp's last grant, every key of
    /// the corp goes too (found by name and through the corp's key index, no SCAN), and with no grant left no store
    /// writes any of it again until the corp authorizes a suite anew.
    /// </summary>
    Task<GrantRemoval> RemoveGrantAsync(string corpId, string suiteId, CancellationToken cancellationToken);

    /// <summary>Removes every grant and every key of the corp at once (an unreadable record, an operator's purge). Returns the keys removed.</summary>
    Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken);
}
