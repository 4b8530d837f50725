using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Automation.Webhooks;

/// <summary>
/// Signs outgoing webhooks the Standard Webhooks way (docs/webhooks.md): the signed content is
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, the signature <c>v1,</c> + base64 of its HMAC-SHA256 under the
/// secret's bytes, and the secret is <c>whsec_</c> + base64 of random bytes. Pure, so the receiver-side check in
/// <see cref="Verify"/> is the same code the tests hold a delivery against.
/// </summary>
public static class StandardWebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>Random bytes behind a new secret (the specification allows 24 to 64).</summary>
    public const int SecretBytes = 32;

    /// <summary>How far a timestamp may be from the receiver's clock before <see cref="Verify"/> refuses it.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A fresh secret: <c>whsec_</c> + base64 of <see cref="SecretBytes"/> random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The <c>webhook-signature</c> value for one attempt: <c>v1,</c> + base64(HMAC-SHA256).</summary>
    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var key = KeyOf(secret);
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>
    /// True when one of the space-separated <c>v1,</c> signatures matches (constant-time) and the timestamp is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string webhookId, string timestamp, string signatures, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > (tolerance ?? DefaultTolerance).TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, webhookId, seconds, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => s.StartsWith("v1,", StringComparison.Ordinal) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private static byte[] KeyOf(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(encoded);
    }
}
