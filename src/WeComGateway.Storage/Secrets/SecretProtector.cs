using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Storage.Secrets;

/// <summary>Encrypts small secrets (permanent codes) for storage. Implementations never log values.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext, SecretBinding binding);

    /// <summary>Throws <see cref="SecretUnprotectException"/> when the value was not protected with this key and binding.</summary>
    string Unprotect(string protectedValue, SecretBinding binding);
}

/// <summary>
/// AES-256-GCM. Output: base64 of <c>version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>, with a fresh random nonce
/// per value. The associated data binds the version, purpose and corp id, so a ciphertext moved to another corp's
/// record fails authentication instead of decrypting.
/// </summary>
public sealed class SecretProtector : ISecretProtector
{
    public const byte Version = 1;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize;

    private readonly byte[] _key;

    public SecretProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != SecretsOptions.KeyBytes)
        {
            throw new ArgumentException($"{SecretsOptions.KeySetting} must be {SecretsOptions.KeyBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    public string Protect(string plaintext, SecretBinding binding)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + plain.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        // A new AesGcm per call: instances are not documented as thread-safe and this path is rare (install, reset, read).
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(HeaderSize, plain.Length), output.AsSpan(HeaderSize + plain.Length), AssociatedData(Version, binding));
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedValue, SecretBinding binding)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(protectedValue);
        }
        catch (FormatException e)
        {
            throw new SecretUnprotectException(binding, "the stored value is not base64", e);
        }

        if (data.Length < HeaderSize + TagSize)
        {
            throw new SecretUnprotectException(binding, "the stored value is too short");
        }

        if (data[0] != Version)
        {
            throw new SecretUnprotectException(binding, $"unknown format version {data[0]}");
        }

        var cipherLength = data.Length - HeaderSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(
                data.AsSpan(1, NonceSize),
                data.AsSpan(HeaderSize, cipherLength),
                data.AsSpan(HeaderSize + cipherLength, TagSize),
                plain,
                AssociatedData(data[0], binding));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretUnprotectException(binding, "authentication failed", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary><c>"wecomgw-secret" ‖ version ‖ len(purpose) ‖ purpose ‖ len(corp) ‖ corp</c>: length-prefixed, so no two bindings collide.</summary>
    private static byte[] AssociatedData(byte version, SecretBinding binding)
    {
        var label = "wecomgw-secret"u8;
        var purpose = Encoding.UTF8.GetBytes(binding.Purpose);
        var corp = Encoding.UTF8.GetBytes(binding.CorpId);
        var ad = new byte[label.Length + 1 + 4 + purpose.Length + 4 + corp.Length];
        var span = ad.AsSpan();
        label.CopyTo(span);
        span = span[label.Length..];
        span[0] = version;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], purpose.Length);
        purpose.CopyTo(span[5..]);
        span = span[(5 + purpose.Length)..];
        BinaryPrimitives.WriteInt32BigEndian(span, corp.Length);
        corp.CopyTo(span[4..]);
        return ad;
    }
}
