namespace WeComGateway.Callbacks;

/// <summary>
/// A few <see cref="AesCbcCipher"/>s keyed once. Neither <see cref="System.Security.Cryptography.Aes"/> nor its
/// transforms are safe for concurrent use (the one-shot methods reuse a cached native cipher), so each caller rents
/// its own and returns it.
/// </summary>
internal sealed class CipherPool : IDisposable
{
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly AesCbcCipher?[] _slots = new AesCbcCipher?[Math.Clamp(Environment.ProcessorCount * 2, 2, 64)];
    private volatile bool _disposed;

    public CipherPool(byte[] key, byte[] iv)
    {
        _key = key;
        _iv = iv;
        _slots[0] = new AesCbcCipher(_key, _iv);
    }

    public AesCbcCipher Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } cipher)
            {
                return cipher;
            }
        }

        return new AesCbcCipher(_key, _iv);
    }

    public void Return(AesCbcCipher cipher)
    {
        if (!_disposed)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], cipher, null) is null)
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

        cipher.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }
}
