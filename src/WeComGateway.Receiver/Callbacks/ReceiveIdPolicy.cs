using WeComGateway.Callbacks;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>
/// Which decrypted receive ids fit which endpoint (docs/wecom-protocol.md, "Receive ids"). The receive id is sealed inside the
/// signed ciphertext, so it tells us which app WeCom encrypted the callback for.
/// </summary>
public static class ReceiveIdPolicy
{
    /// <summary>GET handshakes on either URL carry the provider's corp id; some consoles use the suite id.</summary>
    public static void CheckHandshake(string receiveId, string suiteId, string? providerCorpId)
    {
        if (receiveId == suiteId || (providerCorpId is not null && receiveId == providerCorpId))
        {
            return;
        }

        throw Wrong(receiveId, "the suite id or the provider corp id");
    }

    /// <summary>
    /// Command URL: the suite id (or the provider corp id, seen on create_auth in the field).
    /// Data URL: the authorizing corp's id, which must match the envelope's ToUserName.
    /// </summary>
    public static void CheckCallback(CallbackUrl url, string receiveId, string suiteId, string? providerCorpId, string? toUserName)
    {
        if (url == CallbackUrl.Command)
        {
            CheckHandshake(receiveId, suiteId, providerCorpId);
            return;
        }

        if (receiveId.Length == 0 || receiveId == suiteId || !string.Equals(receiveId, toUserName, StringComparison.Ordinal))
        {
            throw Wrong(receiveId, "the authorizing corp id named in ToUserName");
        }
    }

    private static CallbackRejectedException Wrong(string receiveId, string expected) =>
        new(CallbackRejection.WrongReceiveId, $"receive id '{Printable(receiveId)}' is not {expected}");

    // Receive ids are ids, not secrets; still, keep a hostile value from flooding a log line.
    private static string Printable(string value) =>
        new([.. value.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
