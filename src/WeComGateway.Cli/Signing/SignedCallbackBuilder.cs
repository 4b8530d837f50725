using System.Globalization;
using System.Security.Cryptography;
using WeComGateway.Callbacks;

namespace WeComGateway.Cli.Signing;

/// <summary>
/// Turns a plaintext callback into the request WeCom would send for it: encrypts with the suite's EncodingAESKey,
/// seals the receive id inside, signs with the Token over a fresh timestamp and nonce. Depends only on
/// <c>WeComGateway.Callbacks</c>, so receiver tests can reuse it to drive the real endpoint.
/// </summary>
internal sealed class SignedCallbackBuilder : IDisposable
{
    private const string NonceAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly CallbackCrypto _crypto;
    private readonly bool _ownsCrypto;
    private readonly TimeProvider _time;

    /// <summary>Builds with a suite's Token and EncodingAESKey; the builder owns (and disposes) its crypto.</summary>
    /// <exception cref="ArgumentException">The key is not a valid EncodingAESKey.</exception>
    public SignedCallbackBuilder(string token, string encodingAesKey, TimeProvider? timeProvider = null)
        : this(new CallbackCrypto(token, encodingAesKey), ownsCrypto: true, timeProvider)
    {
    }

    /// <summary>Builds with an existing crypto, which the caller keeps owning.</summary>
    public SignedCallbackBuilder(CallbackCrypto crypto, TimeProvider? timeProvider = null)
        : this(crypto, ownsCrypto: false, timeProvider)
    {
    }

    private SignedCallbackBuilder(CallbackCrypto crypto, bool ownsCrypto, TimeProvider? timeProvider)
    {
        _crypto = crypto;
        _ownsCrypto = ownsCrypto;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A signed POST: ciphertext of <paramref name="plaintext"/> sealed for <paramref name="receiveId"/>.</summary>
    /// <param name="plaintext">The decrypted callback XML (or JSON) exactly as the receiver should see it.</param>
    /// <param name="receiveId">The suite id for the command URL, the authorizing corp id for the data URL.</param>
    /// <param name="toUserName">The envelope's ToUserName (not signed); usually equal to <paramref name="receiveId"/>.</param>
    public SignedCallback Build(string plaintext, string receiveId, string toUserName)
    {
        var encrypted = _crypto.Encrypt(plaintext, receiveId);
        return new SignedCallback(Sign(encrypted, echoStr: null), encrypted, toUserName);
    }

    /// <summary>The GET URL-verification query: <paramref name="echo"/> encrypted for <paramref name="receiveId"/> and signed.</summary>
    /// <param name="echo">The plaintext the receiver must answer with, e.g. a random decimal string.</param>
    /// <param name="receiveId">The service provider's corp id, as WeCom uses for every handshake.</param>
    public SignedQuery BuildEcho(string echo, string receiveId)
    {
        var encrypted = _crypto.Encrypt(echo, receiveId);
        return Sign(encrypted, echoStr: encrypted);
    }

    public void Dispose()
    {
        if (_ownsCrypto)
        {
            _crypto.Dispose();
        }
    }

    private SignedQuery Sign(string encrypted, string? echoStr)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetString(NonceAlphabet, 16);
        var signature = _crypto.ComputeSignature(timestamp, nonce, encrypted);
        return new SignedQuery(signature, timestamp, nonce, echoStr);
    }
}
