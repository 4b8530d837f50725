using WeComGateway.Callbacks;
using WeComGateway.Configuration;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>
/// The keys one suite accepts: the current pair and, during a key rotation, the previous pair until
/// <see cref="PreviousValidUntil"/>. Built once at start-up; thread-safe.
/// </summary>
public sealed class SuiteKeys : IDisposable
{
    private int _expiryReported;

    public SuiteKeys(SuiteOptions suite, int index)
    {
        Index = index;
        Current = new CallbackCrypto(suite.Token, suite.EncodingAesKey);
        if (suite is { PreviousToken: { Length: > 0 } token, PreviousEncodingAesKey: { Length: > 0 } key, PreviousKeysValidUntil: { } validUntil })
        {
            Previous = new CallbackCrypto(token, key);
            PreviousValidUntil = validUntil;
        }
    }

    /// <summary>The suite's position in <c>WeCom:Suites</c>, to name its settings in log lines.</summary>
    public int Index { get; }

    public CallbackCrypto Current { get; }

    /// <summary>The pair WeCom signed with before the rotation; null outside a rotation.</summary>
    public CallbackCrypto? Previous { get; }

    /// <summary>Callbacks signed with <see cref="Previous"/> are accepted while now is before this.</summary>
    public DateTimeOffset PreviousValidUntil { get; }

    /// <summary>
    /// The crypto whose token signed the request: the current one first, else the previous one before its deadline;
    /// null when neither did. The key that verified the signature is the one that decrypts.
    /// </summary>
    /// <param name="encrypted">The Encrypt value as the body carries it (UTF-8).</param>
    /// <param name="previousExpired">True when the previous keys exist but their deadline has passed (they were not tried).</param>
    public CallbackCrypto? Authenticate(string signature, string timestamp, string nonce, ReadOnlySpan<byte> encrypted, DateTimeOffset now, out bool previousExpired)
    {
        previousExpired = false;
        if (Current.VerifySignature(signature, timestamp, nonce, encrypted))
        {
            return Current;
        }

        if (Previous is null)
        {
            return null;
        }

        if (now >= PreviousValidUntil)
        {
            previousExpired = true;
            return null;
        }

        return Previous.VerifySignature(signature, timestamp, nonce, encrypted) ? Previous : null;
    }

    /// <summary>True the first time only: the expiry warning is logged once per suite and process.</summary>
    public bool FirstExpiryReport() => Interlocked.Exchange(ref _expiryReported, 1) == 0;

    public void Dispose()
    {
        Current.Dispose();
        Previous?.Dispose();
    }
}
