using System.Security.Cryptography;

namespace WeComGateway.Callbacks;

/// <summary>
/// A few <see cref="Aes"/> objects keyed once. <see cref="Aes"/> is not safe for concurrent use: its one-shot
/// <c>EncryptCbc</c>/<c>DecryptCbc</c> reuse a cached native cipher that is reset per call. Each caller rents its own.
/// </summary>
internal sealed class AesPool : IDisposable
{
    private readonly byte[] _key;
    private readonly Aes?[] _slots = new Aes?[Math.Clamp(Environment.ProcessorCount * 2, 2, 64)];
    private volatile bool _disposed;

    public AesPool(byte[] key)
    {
        _key = key;
        _slots[0] = Create();
    }

    public Aes Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } aes)
            {
                return aes;
            }
        }

        return Create();
    }

    public void Return(Aes aes)
    {
        if (!_disposed)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], aes, null) is null)
                {
                    // Dispose may have swept the slots between the check above and this store: sweep again.
                    if (_disposed)
                    {
                        Interlocked.Exchange(ref _slots[i], null)?.Dispose();
                    }

                    return;
                }
            }
        }

        aes.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }

    private Aes Create()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        aes.Padding = PaddingMode.None;
        return aes;
    }
}
