using System.Security.Cryptography;

namespace WeComGateway.Callbacks;

/// <summary>
/// One SHA-1 (signature) and one SHA-256 (dedupe key) <see cref="IncrementalHash"/> per thread, reused. The one-shot
/// <c>HashData</c> sets up and frees a native digest context on every call, ~0.2 µs per hash of a ~1 KiB callback on
/// OpenSSL 3. Use within one synchronous stretch: append, then <see cref="IncrementalHash.GetHashAndReset(Span{byte})"/>.
/// </summary>
internal static class ThreadHashes
{
    [ThreadStatic]
    private static IncrementalHash? t_sha1;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static IncrementalHash Sha1 => t_sha1 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);

    public static IncrementalHash Sha256 => t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
}
