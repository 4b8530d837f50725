using System.Globalization;

namespace WeComGateway.Receiver.Publishing;

/// <summary>Transport headers on every published event, so subscribers can route and dedupe without parsing the body.</summary>
public static class GatewayHeaders
{
    public const string SuiteId = "wecomgw-suite-id";
    public const string CorpId = "wecomgw-corp-id";
    public const string DedupeKey = "wecomgw-dedupe-key";

    /// <summary>
    /// The message id is derived from the dedupe key, so every copy of one WeCom event (a retry, an outbox relay after
    /// an unconfirmed publish) carries the same id and subscribers can drop repeats.
    /// </summary>
    public static Guid MessageIdFor(string dedupeKey) =>
        dedupeKey.Length >= 32 && Guid.TryParseExact(dedupeKey.AsSpan(0, 32), "N", out var id)
            ? id
            : new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dedupeKey)).AsSpan(0, 16));

    public static string Describe(Guid messageId) => messageId.ToString("N", CultureInfo.InvariantCulture);
}
