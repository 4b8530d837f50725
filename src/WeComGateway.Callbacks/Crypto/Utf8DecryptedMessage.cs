using System.Buffers;
using System.Security.Cryptography;

namespace WeComGateway.Callbacks;

/// <summary>
/// A decrypted callback whose plaintext stays UTF-8 in a pooled buffer, so the hot path never makes a string of it.
/// <see cref="Message"/> is valid until <see cref="Dispose"/>, which wipes the buffer and returns it: dispose exactly
/// once (<c>using</c>), and do not copy the value.
/// </summary>
public ref struct Utf8DecryptedMessage
{
    private byte[]? _buffer;
    private readonly int _wipeLength;
    private readonly int _offset;
    private readonly int _length;

    internal Utf8DecryptedMessage(byte[] buffer, int wipeLength, int offset, int length, string receiveId)
    {
        _buffer = buffer;
        _wipeLength = wipeLength;
        _offset = offset;
        _length = length;
        ReceiveId = receiveId;
    }

    /// <summary>The plaintext (UTF-8, validated), without the random prefix, length field, receive id or padding.</summary>
    public readonly ReadOnlySpan<byte> Message => _buffer is null ? default : _buffer.AsSpan(_offset, _length);

    /// <summary>The receive id sealed after the message.</summary>
    public string ReceiveId { get; }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, _wipeLength));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
