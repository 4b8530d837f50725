namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// The in-memory form of the grant check every Redis write of a corp makes (<c>wecomgw:{corpId}:grants</c> must
/// exist), written once for every in-memory store that keeps corp data. A store checks <see cref="IsAdmitted"/> and
/// writes under <see cref="Gate"/>, the lock <see cref="ForgetCorp"/> holds, so a late writer either lands before the
/// removal (and is removed) or finds the corp not admitted.
/// </summary>
public abstract class InMemoryCorpData : IInMemoryCorpData
{
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);

    /// <summary>Guards the store's entries and the admitted corps together.</summary>
    protected Lock Gate { get; } = new();

    public void AdmitCorp(string corpId)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            _admitted.Add(corpId);
        }
    }

    public long ForgetCorp(string corpId)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            _admitted.Remove(corpId);
            return RemoveCorp(corpId);
        }
    }

    /// <summary>Removes what belongs to one grant of the corp (a corp token); most stores keep nothing per grant.</summary>
    public virtual long ForgetSuite(string corpId, string suiteId) => 0;

    /// <summary>True while the corp holds a grant; call under <see cref="Gate"/>.</summary>
    protected bool IsAdmitted(string corpId) => _admitted.Contains(corpId);

    /// <summary>Removes the corp's entries (called under <see cref="Gate"/>); returns how many, in Redis terms: keys.</summary>
    protected abstract long RemoveCorp(string corpId);
}
