using WeComGateway.Configuration;

namespace WeComGateway.Storage.Secrets;

/// <summary>
/// The key that encrypts secrets at rest (section <c>Gateway</c>). Start-up fails when it is missing (Redis
/// configured) or malformed, naming the setting only.
/// </summary>
public sealed class SecretsOptions : IValidatableOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The configuration path operators set: base64 of 32 random bytes.</summary>
    public const string KeySetting = "Gateway:SecretsKey";

    public const int KeyBytes = 32;

    /// <summary>Base64 of 32 bytes. Never logged.</summary>
    public string? SecretsKey { get; set; }

    /// <summary>
    /// Set by the registration, not by operators: true for the embedded default (no Redis), where a missing key is
    /// replaced by a random one that lives as long as the process — as long as the in-memory store it protects.
    /// </summary>
    public bool AllowEphemeralKey { get; set; }

    /// <summary>Decodes <see cref="SecretsKey"/>; the error names the setting, never the value.</summary>
    public static byte[] DecodeKey(string base64)
    {
        var buffer = new byte[KeyBytes + 1];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            throw new InvalidOperationException(KeyProblem("is not valid base64, or decodes to more than 32 bytes"));
        }

        if (written != KeyBytes)
        {
            throw new InvalidOperationException(KeyProblem($"decodes to {written} bytes; AES-256 needs exactly {KeyBytes}"));
        }

        return buffer[..KeyBytes];
    }

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(SecretsKey))
        {
            if (!AllowEphemeralKey)
            {
                context.Problem(KeyProblem("is required when ConnectionStrings:Redis is set: it encrypts permanent codes at rest"));
            }

            return;
        }

        try
        {
            DecodeKey(SecretsKey);
        }
        catch (InvalidOperationException e)
        {
            context.Problem(e.Message);
        }
    }

    internal static string KeyProblem(string problem) =>
        $"{KeySetting} {problem}. Generate one with `openssl rand -base64 32`.";
}
