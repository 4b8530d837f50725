namespace WeComGateway.Callbacks;

/// <summary>The decrypted plaintext of a callback and the receive id WeCom sealed into it.</summary>
public sealed record DecryptedMessage(string Message, string ReceiveId);

/// <summary>
/// WXBizMsgCrypt for one suite: msg_signature and AES-256-CBC with 32-byte PKCS#7 padding.
/// Thread-safe; create one per configured suite and keep it.
/// </summary>
public sealed partial class CallbackCrypto : IDisposable
{
    // SKELETON: implemented by the Callbacks work; signatures are the contract the receiver and CLI use.

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter (never its value) on a bad key.</summary>
    public CallbackCrypto(string token, string encodingAesKey) => throw new NotImplementedException();

    /// <summary>True when <paramref name="encodingAesKey"/> is 43 chars of [A-Za-z0-9] decoding to 32 bytes.</summary>
    public static bool IsValidEncodingAesKey(string? encodingAesKey) => throw new NotImplementedException();

    /// <summary>Lower-case hex SHA-1 over the ordinal-sorted concatenation of token, timestamp, nonce, ciphertext.</summary>
    public string ComputeSignature(string timestamp, string nonce, string encrypted) => throw new NotImplementedException();

    /// <summary>Constant-time comparison of <paramref name="msgSignature"/> (hex, any case) with the computed one.</summary>
    public bool VerifySignature(string msgSignature, string timestamp, string nonce, string encrypted) => throw new NotImplementedException();

    /// <summary>
    /// Base64 → AES-256-CBC (no library padding) → strip 1..32 pad → big-endian length → message + receive id.
    /// Throws <see cref="CallbackRejectedException"/> with BadBase64, BadCiphertextLength, BadPadding or BadMessageLength.
    /// </summary>
    public DecryptedMessage Decrypt(string encrypted) => throw new NotImplementedException();

    /// <summary>Encrypts with a fresh random 16-byte prefix.</summary>
    public string Encrypt(string message, string receiveId) => throw new NotImplementedException();

    /// <summary>Encrypts with the given 16-byte prefix (deterministic: known-answer tests).</summary>
    public string Encrypt(string message, string receiveId, ReadOnlySpan<byte> randomPrefix) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
