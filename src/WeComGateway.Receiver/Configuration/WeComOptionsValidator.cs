using Microsoft.Extensions.Options;
using WeComGateway.Callbacks;

namespace WeComGateway.Receiver.Configuration;

/// <summary>Fails start-up with a message naming the setting (never its value) instead of failing the first callback.</summary>
public sealed class WeComOptionsValidator(TimeProvider time) : IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComOptions options)
    {
        var failures = new List<string>();
        if (options.Suites.Count == 0)
        {
            failures.Add("WeCom:Suites is empty: configure at least one suite (SuiteId, Token, EncodingAesKey).");
        }

        for (var i = 0; i < options.Suites.Count; i++)
        {
            var suite = options.Suites[i];
            var at = $"WeCom:Suites:{i}";
            if (string.IsNullOrWhiteSpace(suite.SuiteId))
            {
                failures.Add($"{at}:SuiteId is required.");
            }

            if (string.IsNullOrEmpty(suite.Token) || suite.Token.Length > 32 || !suite.Token.All(char.IsAsciiLetterOrDigit))
            {
                failures.Add($"{at}:Token must be 1 to 32 ASCII letters or digits.");
            }

            if (!CallbackCrypto.IsValidEncodingAesKey(suite.EncodingAesKey))
            {
                failures.Add($"{at}:EncodingAesKey must be 43 characters of [A-Za-z0-9] that decode to a 32-byte key.");
            }

            ValidatePreviousKeys(suite, at, failures);
        }

        foreach (var duplicate in options.Suites.GroupBy(s => s.SuiteId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"WeCom:Suites lists SuiteId '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidatePreviousKeys(SuiteOptions suite, string at, List<string> failures)
    {
        if (!suite.HasPreviousKeys)
        {
            if (suite.PreviousKeysValidUntil is not null)
            {
                failures.Add($"{at}:PreviousKeysValidUntil is set without {at}:PreviousToken and {at}:PreviousEncodingAesKey: remove it or set both.");
            }

            return;
        }

        if (string.IsNullOrEmpty(suite.PreviousToken) || string.IsNullOrEmpty(suite.PreviousEncodingAesKey))
        {
            failures.Add($"{at}:PreviousToken and {at}:PreviousEncodingAesKey are set together (a key pair rotates as one; copy the unchanged value too).");
        }

        if (!string.IsNullOrEmpty(suite.PreviousToken) && (suite.PreviousToken.Length > 32 || !suite.PreviousToken.All(char.IsAsciiLetterOrDigit)))
        {
            failures.Add($"{at}:PreviousToken must be 1 to 32 ASCII letters or digits.");
        }

        if (!string.IsNullOrEmpty(suite.PreviousEncodingAesKey) && !CallbackCrypto.IsValidEncodingAesKey(suite.PreviousEncodingAesKey))
        {
            failures.Add($"{at}:PreviousEncodingAesKey must be 43 characters of [A-Za-z0-9] that decode to a 32-byte key.");
        }

        if (suite.PreviousKeysValidUntil is not { } validUntil)
        {
            failures.Add($"{at}:PreviousKeysValidUntil is required with previous keys (an ISO 8601 time with offset, e.g. 2026-12-02T09:00:00Z).");
        }
        else if (validUntil - time.GetUtcNow() > SuiteOptions.MaxPreviousKeysLifetime)
        {
            failures.Add($"{at}:PreviousKeysValidUntil is more than {SuiteOptions.MaxPreviousKeysLifetime.TotalDays:F0} days away: previous keys are for a rotation, not a second key.");
        }
    }
}
