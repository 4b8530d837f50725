namespace WeComGateway.Storage.Customers;

/// <summary>
/// A corp's own rule set, overriding the shipped default: opaque JSON at <c>wecomgw:{corpId}:rules</c> (hash
/// fields <c>json</c>, <c>updated_at</c> in unix ms), kept until deleted or cancel_auth. Corp ids are validated like
/// <see cref="Authorizations.CorpKeys"/>. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IRuleSetStore
{
    /// <summary>The corp's rule-set JSON, or <c>null</c> when the corp uses the default.</summary>
    Task<string?> GetAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Replaces the corp's rule set. False (nothing stored) when the corp holds no grant.</summary>
    Task<bool> SetAsync(string corpId, string json, CancellationToken cancellationToken);

    /// <summary>Back to the default. Returns whether the corp had a rule set.</summary>
    Task<bool> DeleteAsync(string corpId, CancellationToken cancellationToken);
}
