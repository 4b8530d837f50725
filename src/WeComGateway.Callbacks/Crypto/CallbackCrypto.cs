using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace WeComGateway.Callbacks;

/// <summary>The decrypted plaintext of a callback and the receive id WeCom sealed into it.</summary>
public sealed record DecryptedMessage(string Message, string ReceiveId);

/// <summary>
/// WXBizMsgCrypt for one suite: msg_signature and AES-256-CBC with 32-byte PKCS#7 padding.
/// Thread-safe; create one per configured suite and keep it.
/// </summary>
public sealed class CallbackCrypto : IDisposable
{
    /// <summary>Length of an EncodingAESKey: the Base64 of a 32-byte key without its trailing '='.</summary>
    public const int EncodingAesKeyLength = 43;

    /// <summary>Length of the random prefix sealed in front of every message.</summary>
    public const int RandomPrefixLength = 16;

    private const int KeyBytes = 32;
    private const int LengthFieldOffset = RandomPrefixLength;
    private const int MessageOffset = RandomPrefixLength + sizeof(int);
    private const int PadBlock = 32;
    private const int AesBlock = 16;

    /// <summary>The string overloads encode a ciphertext up to this size on the stack (a ~1 KiB callback's is ~1.5 KB).</summary>
    private const int StackBytes = 2048;

    private readonly byte[] _tokenUtf8;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly CipherPool _ciphers;
    private string _lastReceiveId = string.Empty;

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter (never its value) on a bad key.</summary>
    public CallbackCrypto(string token, string encodingAesKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (!IsValidEncodingAesKey(encodingAesKey))
        {
            throw new ArgumentException(
                $"Must be {EncodingAesKeyLength} characters of [A-Za-z0-9] that decode to a {KeyBytes}-byte AES key.",
                nameof(encodingAesKey));
        }

        _tokenUtf8 = Encoding.UTF8.GetBytes(token);
        _key = DecodeKey(encodingAesKey)!;
        _iv = _key[..AesBlock];
        _ciphers = new CipherPool(_key, _iv);
    }

    /// <summary>True when <paramref name="encodingAesKey"/> is 43 chars of [A-Za-z0-9] decoding to 32 bytes.</summary>
    public static bool IsValidEncodingAesKey(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != EncodingAesKeyLength ||
            encodingAesKey.AsSpan().ContainsAnyExcept(Base64AlphaNumerics))
        {
            return false;
        }

        var key = DecodeKey(encodingAesKey);
        if (key is null)
        {
            return false;
        }

        CryptographicOperations.ZeroMemory(key);
        return true;
    }

    /// <summary>Lower-case hex SHA-1 over the byte-wise sorted concatenation of token, timestamp, nonce, ciphertext (UTF-8).</summary>
    public string ComputeSignature(string timestamp, string nonce, string encrypted)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        HashSignatureInput(timestamp, nonce, encrypted, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Constant-time comparison of <paramref name="msgSignature"/> (hex, any case) with the computed one.</summary>
    public bool VerifySignature(string msgSignature, string timestamp, string nonce, string encrypted)
    {
        Span<byte> expected = stackalloc byte[SHA1.HashSizeInBytes];
        HashSignatureInput(timestamp, nonce, encrypted, expected);
        return Matches(msgSignature, expected);
    }

    /// <summary>
    /// <see cref="VerifySignature(string, string, string, string)"/> over the ciphertext as the body carries it (the
    /// UTF-8 bytes of <see cref="Utf8CallbackEnvelope.Encrypt"/>): no string of it is made.
    /// </summary>
    public bool VerifySignature(string msgSignature, string timestamp, string nonce, ReadOnlySpan<byte> encrypted)
    {
        Span<byte> expected = stackalloc byte[SHA1.HashSizeInBytes];
        HashSignatureInput(timestamp, nonce, encrypted, expected);
        return Matches(msgSignature, expected);
    }

    /// <summary>
    /// Base64 → AES-256-CBC (no library padding) → strip 1..32 pad → big-endian length → message + receive id.
    /// Throws <see cref="CallbackRejectedException"/> with BadBase64, BadCiphertextLength, BadPadding or BadMessageLength.
    /// </summary>
    public DecryptedMessage Decrypt(string encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);

        // One rented buffer: ciphertext first, plaintext right after it.
        var maxCiphertext = (encrypted.Length + 3) / 4 * 3;
        var buffer = RentDecryptBuffer(maxCiphertext);
        var used = 0;
        try
        {
            if (!Convert.TryFromBase64String(encrypted, buffer.AsSpan(0, maxCiphertext), out used))
            {
                throw BadBase64();
            }

            var (offset, length, receiveId) = Open(buffer, used);
            return new DecryptedMessage(Encoding.UTF8.GetString(buffer, offset, length), receiveId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, 2 * used));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="Decrypt(string)"/> from the Base64 bytes as the body carries them, into a pooled buffer: the
    /// plaintext stays UTF-8 (dispose the result to wipe and return it). Same rejections.
    /// </summary>
    public Utf8DecryptedMessage DecryptUtf8(ReadOnlySpan<byte> encrypted)
    {
        var maxCiphertext = Base64.GetMaxDecodedFromUtf8Length(encrypted.Length);
        var buffer = RentDecryptBuffer(maxCiphertext);
        var used = 0;
        try
        {
            if (Base64.DecodeFromUtf8(encrypted, buffer.AsSpan(0, maxCiphertext), out _, out used) != OperationStatus.Done &&
                !DecodeWithWhitespace(encrypted, buffer.AsSpan(0, maxCiphertext), out used))
            {
                throw BadBase64();
            }

            var (offset, length, receiveId) = Open(buffer, used);
            return new Utf8DecryptedMessage(buffer, 2 * used, offset, length, receiveId);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, 2 * used));
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Encrypts with a fresh random 16-byte prefix.</summary>
    public string Encrypt(string message, string receiveId)
    {
        Span<byte> prefix = stackalloc byte[RandomPrefixLength];
        RandomNumberGenerator.Fill(prefix);
        return Encrypt(message, receiveId, prefix);
    }

    /// <summary>Encrypts with the given 16-byte prefix (deterministic: known-answer tests).</summary>
    public string Encrypt(string message, string receiveId, ReadOnlySpan<byte> randomPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(receiveId);
        if (randomPrefix.Length != RandomPrefixLength)
        {
            throw new ArgumentException($"Must be exactly {RandomPrefixLength} bytes.", nameof(randomPrefix));
        }

        var messageBytes = Encoding.UTF8.GetByteCount(message);
        var unpadded = MessageOffset + messageBytes + Encoding.UTF8.GetByteCount(receiveId);
        var pad = PadBlock - (unpadded % PadBlock);
        var total = unpadded + pad;

        var buffer = ArrayPool<byte>.Shared.Rent(total);
        var plain = buffer.AsSpan(0, total);
        try
        {
            randomPrefix.CopyTo(plain);
            BinaryPrimitives.WriteInt32BigEndian(plain[LengthFieldOffset..], messageBytes);
            var written = Encoding.UTF8.GetBytes(message, plain[MessageOffset..]);
            Encoding.UTF8.GetBytes(receiveId, plain[(MessageOffset + written)..]);
            plain[unpadded..].Fill((byte)pad);

            var cipher = _ciphers.Rent();
            try
            {
                cipher.EncryptCbc(plain);
            }
            finally
            {
                _ciphers.Return(cipher);
            }

            return Convert.ToBase64String(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Releases the pooled ciphers and wipes the key from memory.</summary>
    public void Dispose()
    {
        _ciphers.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_iv);
    }

    private static readonly SearchValues<char> Base64AlphaNumerics =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static byte[]? DecodeKey(string encodingAesKey)
    {
        // Lenient on purpose: the official sample key ends in a character whose discarded low bits are not zero.
        Span<char> padded = stackalloc char[EncodingAesKeyLength + 1];
        Span<byte> decoded = stackalloc byte[KeyBytes + 1];
        try
        {
            encodingAesKey.CopyTo(padded);
            padded[^1] = '=';
            return Convert.TryFromBase64Chars(padded, decoded, out var written) && written == KeyBytes
                ? decoded[..KeyBytes].ToArray()
                : null;
        }
        finally
        {
            padded.Clear();
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    private static bool Matches(string? msgSignature, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[SHA1.HashSizeInBytes];
        if (msgSignature is null || msgSignature.Length != SHA1.HashSizeInBytes * 2 ||
            Convert.FromHexString(msgSignature, actual, out _, out var written) != OperationStatus.Done ||
            written != actual.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static byte[] RentDecryptBuffer(int maxCiphertext) =>
        ArrayPool<byte>.Shared.Rent(Math.Max(2 * AesBlock, 2 * maxCiphertext));

    private static CallbackRejectedException BadBase64() =>
        new(CallbackRejection.BadBase64, "the ciphertext is not valid Base64");

    /// <summary>
    /// The lenient decode <see cref="Convert.TryFromBase64Chars"/> does (whitespace inside the Base64 is skipped), for
    /// the rare ciphertext <see cref="Base64.DecodeFromUtf8"/> refuses, so both entry points accept the same input.
    /// </summary>
    private static bool DecodeWithWhitespace(ReadOnlySpan<byte> utf8, Span<byte> destination, out int written)
    {
        written = 0;
        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        var chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            return Convert.TryFromBase64Chars(chars.AsSpan(0, count), destination, out written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// Decrypts the <paramref name="used"/> ciphertext bytes at the start of <paramref name="buffer"/> into the bytes
    /// after them and checks the padding, length field and UTF-8.
    /// </summary>
    /// <returns>Where the message lies in <paramref name="buffer"/>, and the receive id.</returns>
    private (int Offset, int Length, string ReceiveId) Open(byte[] buffer, int used)
    {
        if (used == 0 || used % AesBlock != 0)
        {
            throw new CallbackRejectedException(
                CallbackRejection.BadCiphertextLength,
                $"the ciphertext is {used} bytes, not a positive multiple of {AesBlock}");
        }

        var cipher = _ciphers.Rent();
        try
        {
            cipher.DecryptCbc(buffer, used);
        }
        finally
        {
            _ciphers.Return(cipher);
        }

        var plain = buffer.AsSpan(used, used);
        int pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length || plain[^pad..].ContainsAnyExcept((byte)pad))
        {
            throw new CallbackRejectedException(CallbackRejection.BadPadding, "the padding is not 1..32 bytes of its own length");
        }

        var unpadded = plain[..^pad];
        if (unpadded.Length < MessageOffset)
        {
            throw new CallbackRejectedException(CallbackRejection.BadMessageLength, "the plaintext is shorter than its header");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(unpadded[LengthFieldOffset..]);
        if (length < 0 || length > unpadded.Length - MessageOffset)
        {
            throw new CallbackRejectedException(CallbackRejection.BadMessageLength, "the length field exceeds the plaintext");
        }

        var message = unpadded.Slice(MessageOffset, length);
        var receiveId = unpadded[(MessageOffset + length)..];
        if (!Utf8.IsValid(message) || !Utf8.IsValid(receiveId))
        {
            throw new CallbackRejectedException(CallbackRejection.BadMessageLength, "the message is not valid UTF-8");
        }

        return (used + MessageOffset, length, ReceiveIdString(receiveId));
    }

    /// <summary>The receive id is the same few ids over and over: reuse the last string instead of allocating.</summary>
    private string ReceiveIdString(ReadOnlySpan<byte> utf8)
    {
        var last = Volatile.Read(ref _lastReceiveId);
        if (last.Length == utf8.Length && Ascii.Equals(utf8, last))
        {
            return last;
        }

        var fresh = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref _lastReceiveId, fresh);
        return fresh;
    }

    private void HashSignatureInput(string timestamp, string nonce, string encrypted, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        var length = Encoding.UTF8.GetByteCount(encrypted);
        byte[]? rented = null;
        var utf8 = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        HashSignatureInput(timestamp, nonce, utf8[..Encoding.UTF8.GetBytes(encrypted, utf8)], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>SHA-1 over token, timestamp, nonce and ciphertext as UTF-8, sorted byte-wise (ordinal, as WeCom sorts).</summary>
    private void HashSignatureInput(string timestamp, string nonce, ReadOnlySpan<byte> encrypted, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);

        var utf8 = Encoding.UTF8;
        var queryLength = utf8.GetByteCount(timestamp) + utf8.GetByteCount(nonce);
        byte[]? rented = null;
        var query = queryLength <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(queryLength));
        var split = utf8.GetBytes(timestamp, query);
        utf8.GetBytes(nonce, query[split..]);
        scoped ReadOnlySpan<byte> a = _tokenUtf8, b = query[..split], c = query[split..queryLength], d = encrypted;
        SortOrdinal(ref a, ref b, ref c, ref d);

        // The four pieces are hashed where they lie: no concatenated copy of the ciphertext.
        var sha1 = ThreadHashes.Sha1;
        sha1.AppendData(a);
        sha1.AppendData(b);
        sha1.AppendData(c);
        sha1.AppendData(d);
        sha1.GetHashAndReset(hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A sorting network for exactly four byte strings (ordinal, as WeCom sorts byte-wise): no array, no comparer.</summary>
    private static void SortOrdinal(ref ReadOnlySpan<byte> a, ref ReadOnlySpan<byte> b, ref ReadOnlySpan<byte> c, ref ReadOnlySpan<byte> d)
    {
        static void Order(ref ReadOnlySpan<byte> x, ref ReadOnlySpan<byte> y)
        {
            if (x.SequenceCompareTo(y) > 0)
            {
                var swap = x;
                x = y;
                y = swap;
            }
        }

        Order(ref a, ref b);
        Order(ref c, ref d);
        Order(ref a, ref c);
        Order(ref b, ref d);
        Order(ref b, ref c);
    }
}
