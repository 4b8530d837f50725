namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// The in-memory form of a corp's tombstone (<c>wecomgw:{corpId}:gone</c> in Redis), written once for every in-memory
/// store that keeps corp data: <see cref="ForgetCorp"/> removes the corp's entries and refuses its writes until
/// <see cref="ReadmitCorp"/>. A store checks <see cref="IsGone"/> and writes under <see cref="Gate"/>, the lock its
/// removal holds, so a late writer either lands before the removal (and is removed) or sees the tombstone.
/// </summary>
public abstract class InMemoryCorpData : IInMemoryCorpData
{
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);

    /// <summary>Guards the store's entries and the tombstones together.</summary>
    protected Lock Gate { get; } = new();

    public long ForgetCorp(string corpId)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            _gone.Add(corpId);
            return RemoveCorp(corpId);
        }
    }

    public void ReadmitCorp(string corpId)
    {
        lock (Gate)
        {
            _gone.Remove(corpId);
        }
    }

    /// <summary>True when the corp was forgotten and not authorized again; call under <see cref="Gate"/>.</summary>
    protected bool IsGone(string corpId) => _gone.Contains(corpId);

    /// <summary>Removes the corp's entries (called under <see cref="Gate"/>); returns how many, in Redis terms: keys.</summary>
    protected abstract long RemoveCorp(string corpId);
}
