namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// An in-memory store that keeps data of a corp (what Redis keeps under <c>wecomgw:corp:{corpId}:</c>), so that
/// cancel_auth in memory removes what it removes in Redis.
/// </summary>
public interface IInMemoryCorpData
{
    /// <returns>How many entries were removed (in Redis terms: keys).</returns>
    long ForgetCorp(string corpId);
}
