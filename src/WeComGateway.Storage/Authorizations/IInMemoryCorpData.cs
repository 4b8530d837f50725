namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// An in-memory store that keeps data of a corp (what Redis keeps under <c>wecomgw:{corpId}:</c>). As in Redis, it
/// writes a corp's data only while the corp holds a grant: the in-memory authorization store admits a corp when it
/// saves a grant and forgets it when the last grant goes.
/// </summary>
public interface IInMemoryCorpData
{
    /// <summary>The corp holds a grant: its data may be written.</summary>
    void AdmitCorp(string corpId);

    /// <summary>One grant of the corp was removed: drops what belongs to that grant only (its corp token).</summary>
    /// <returns>How many entries were removed.</returns>
    long ForgetSuite(string corpId, string suiteId);

    /// <summary>Removes the corp's data and refuses to write any of it again until <see cref="AdmitCorp"/>.</summary>
    /// <returns>How many entries were removed (in Redis terms: keys).</returns>
    long ForgetCorp(string corpId);
}
