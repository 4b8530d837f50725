namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// An in-memory store that keeps data of a corp (what Redis keeps under <c>wecomgw:{corpId}:</c>), so that
/// cancel_auth in memory removes what it removes in Redis and, like the Redis tombstone, keeps it removed.
/// </summary>
public interface IInMemoryCorpData
{
    /// <summary>Removes the corp's data and refuses to write any of it again until <see cref="ReadmitCorp"/>.</summary>
    /// <returns>How many entries were removed (in Redis terms: keys).</returns>
    long ForgetCorp(string corpId);

    /// <summary>A new authorization of the corp: its data may be written again.</summary>
    void ReadmitCorp(string corpId);
}
