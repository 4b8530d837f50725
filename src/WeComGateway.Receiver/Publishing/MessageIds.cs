using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Receiver.Publishing;

public static class MessageIds
{
    /// <summary>
    /// The message id is derived from the dedupe key, so every copy of one WeCom event (a retry, an outbox relay after
    /// an unconfirmed publish) carries the same id and subscribers can drop repeats.
    /// </summary>
    public static Guid For(string dedupeKey) =>
        dedupeKey.Length >= 32 && Guid.TryParseExact(dedupeKey.AsSpan(0, 32), "N", out var id)
            ? id
            : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)).AsSpan(0, 16));
}
