using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace WeComGateway.Callbacks;

/// <summary>
/// AES-256-CBC with WeCom's fixed IV under one key schedule. Not thread-safe: <see cref="CipherPool"/> hands one to
/// each caller.
/// </summary>
/// <remarks>
/// Decryption runs a long-lived ECB decryptor and applies the CBC chaining (XOR with the previous ciphertext block)
/// by hand. .NET's one-shot <c>Aes.DecryptCbc</c> resets its native cipher on every call, which on OpenSSL 3 costs
/// more than decrypting a whole 1 KiB callback; an ECB transform has no chaining state, so it never needs a reset.
/// </remarks>
internal sealed class AesCbcCipher : IDisposable
{
    private const int Block = 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecbDecryptor;
    private readonly byte[] _iv;

    public AesCbcCipher(byte[] key, byte[] iv)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        _aes.Padding = PaddingMode.None;
        _aes.Mode = CipherMode.ECB;
        _ecbDecryptor = _aes.CreateDecryptor();
        _iv = iv;
    }

    /// <summary>
    /// Decrypts <paramref name="length"/> bytes (whole blocks) at the start of <paramref name="buffer"/> into the
    /// <paramref name="length"/> bytes that follow them.
    /// </summary>
    public void DecryptCbc(byte[] buffer, int length)
    {
        _ecbDecryptor.TransformBlock(buffer, 0, length, buffer, length);
        var plain = buffer.AsSpan(length, length);
        Xor(plain[..Block], _iv);
        Xor(plain[Block..], buffer.AsSpan(0, length - Block));
    }

    /// <summary>Encrypts whole blocks in place (not on the hot path: replies and tests).</summary>
    public void EncryptCbc(Span<byte> plain) => _aes.EncryptCbc(plain, _iv, plain, PaddingMode.None);

    public void Dispose()
    {
        _ecbDecryptor.Dispose();
        _aes.Dispose();
    }

    /// <summary><paramref name="target"/> ^= <paramref name="with"/>, a block (16 bytes) at a time.</summary>
    private static void Xor(Span<byte> target, ReadOnlySpan<byte> with)
    {
        for (var i = 0; i < target.Length; i += Block)
        {
            (Vector128.Create(target[i..]) ^ Vector128.Create(with[i..])).CopyTo(target[i..]);
        }
    }
}
