using System.ComponentModel.DataAnnotations;
using WeComGateway.Callbacks;

namespace WeComGateway.Configuration;

/// <summary>What kind of app a configured suite is: how its grants get a corp's access token.</summary>
public enum SuiteKind
{
    /// <summary>A third-party app: the corp token comes from <c>service/get_corp_token</c> (suite token + permanent code).</summary>
    ThirdParty,

    /// <summary>
    /// A 代开发 (custom-developed) app template: the permanent code is the app's secret and the corp token comes from
    /// <c>gettoken(corpid, permanent_code)</c>, as for a self-built app.
    /// </summary>
    CustomApp,
}

/// <summary><c>WeCom:Suites:{i}</c>: one third-party app (suite) or 代开发 template. <see cref="ToString"/> shows no secret.</summary>
public sealed class SuiteOptions : IValidatableOptions
{
    /// <summary>How far in the future <see cref="PreviousKeysValidUntil"/> may be at start-up.</summary>
    public static readonly TimeSpan MaxPreviousKeysLifetime = TimeSpan.FromDays(30);

    private const int MaxTokenLength = 32;

    [Required(ErrorMessage = "{0} is required.")]
    public string SuiteId { get; set; } = string.Empty;

    /// <summary><c>ThirdParty</c> (the default) or <c>CustomApp</c> (a 代开发 template): how its grants get corp tokens.</summary>
    public SuiteKind Kind { get; set; } = SuiteKind.ThirdParty;

    /// <summary>For the suite token (workers). Never logged.</summary>
    public string? SuiteSecret { get; set; }

    /// <summary>The callback Token set in the suite's console: 1 to 32 ASCII letters or digits.</summary>
    [Required(ErrorMessage = "{0} is required.")]
    public string Token { get; set; } = string.Empty;

    /// <summary>The callback EncodingAESKey: 43 characters of [A-Za-z0-9].</summary>
    [Required(ErrorMessage = "{0} is required.")]
    public string EncodingAesKey { get; set; } = string.Empty;

    /// <summary>
    /// During a key rotation: the Token WeCom signed with before the console change. Set together with
    /// <see cref="PreviousEncodingAesKey"/> (the pair rotates together, even when only one of them changed) and
    /// <see cref="PreviousKeysValidUntil"/>.
    /// </summary>
    public string? PreviousToken { get; set; }

    /// <summary>During a key rotation: the EncodingAESKey that goes with <see cref="PreviousToken"/>.</summary>
    public string? PreviousEncodingAesKey { get; set; }

    /// <summary>
    /// Until when (exclusive) callbacks signed with the previous keys are accepted; at most
    /// <see cref="MaxPreviousKeysLifetime"/> after start-up, so a forgotten old key does not live forever.
    /// </summary>
    public DateTimeOffset? PreviousKeysValidUntil { get; set; }

    /// <summary>True when either previous value is set (validation insists on both).</summary>
    public bool HasPreviousKeys => !string.IsNullOrEmpty(PreviousToken) || !string.IsNullOrEmpty(PreviousEncodingAesKey);

    public void Validate(OptionsValidationContext context)
    {
        if (!string.IsNullOrEmpty(Token) && !IsValidToken(Token))
        {
            context.Problem(nameof(Token), "must be 1 to 32 ASCII letters or digits.");
        }

        if (!string.IsNullOrEmpty(EncodingAesKey) && !CallbackCrypto.IsValidEncodingAesKey(EncodingAesKey))
        {
            context.Problem(nameof(EncodingAesKey), "must be 43 characters of [A-Za-z0-9] that decode to a 32-byte key.");
        }

        ValidatePreviousKeys(context);
    }

    public override string ToString() => $"SuiteOptions {{ SuiteId = {SuiteId}, Kind = {Kind} }}";

    private void ValidatePreviousKeys(OptionsValidationContext context)
    {
        if (!HasPreviousKeys)
        {
            if (PreviousKeysValidUntil is not null)
            {
                context.Problem(nameof(PreviousKeysValidUntil),
                    $"is set without {context.Key(nameof(PreviousToken))} and {context.Key(nameof(PreviousEncodingAesKey))}: remove it or set both.");
            }

            return;
        }

        if (string.IsNullOrEmpty(PreviousToken) || string.IsNullOrEmpty(PreviousEncodingAesKey))
        {
            context.Problem(nameof(PreviousToken),
                $"and {context.Key(nameof(PreviousEncodingAesKey))} are set together (a key pair rotates as one; copy the unchanged value too).");
        }

        if (!string.IsNullOrEmpty(PreviousToken) && !IsValidToken(PreviousToken))
        {
            context.Problem(nameof(PreviousToken), "must be 1 to 32 ASCII letters or digits.");
        }

        if (!string.IsNullOrEmpty(PreviousEncodingAesKey) && !CallbackCrypto.IsValidEncodingAesKey(PreviousEncodingAesKey))
        {
            context.Problem(nameof(PreviousEncodingAesKey), "must be 43 characters of [A-Za-z0-9] that decode to a 32-byte key.");
        }

        if (PreviousKeysValidUntil is not { } validUntil)
        {
            context.Problem(nameof(PreviousKeysValidUntil), "is required with previous keys (an ISO 8601 time with offset, e.g. 2026-12-02T09:00:00Z).");
        }
        else if (validUntil - context.Time.GetUtcNow() > MaxPreviousKeysLifetime)
        {
            context.Problem(nameof(PreviousKeysValidUntil),
                $"is more than {MaxPreviousKeysLifetime.TotalDays:F0} days away: previous keys are for a rotation, not a second key.");
        }
    }

    private static bool IsValidToken(string token) => token.Length <= MaxTokenLength && token.All(char.IsAsciiLetterOrDigit);
}
