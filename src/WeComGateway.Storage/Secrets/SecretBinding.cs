namespace WeComGateway.Storage.Secrets;

/// <summary>
/// What a protected value is for and whose it is. Both are bound into the ciphertext (AES-GCM associated data):
/// a value protected for one corp, or for one purpose, does not decrypt for another.
/// </summary>
public readonly record struct SecretBinding(string Purpose, string CorpId)
{
    public static SecretBinding PermanentCode(string corpId) => new("permanent_code", corpId);

    /// <summary>A webhook subscription's signing secret (docs/webhooks.md).</summary>
    public static SecretBinding WebhookSecret(string corpId) => new("webhook_secret", corpId);

    public override string ToString() => $"{Purpose} of {CorpId}";
}
