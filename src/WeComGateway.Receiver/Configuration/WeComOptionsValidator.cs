using Microsoft.Extensions.Options;
using WeComGateway.Callbacks;

namespace WeComGateway.Receiver.Configuration;

/// <summary>Fails start-up with a message naming the setting (never its value) instead of failing the first callback.</summary>
public sealed class WeComOptionsValidator : IValidateOptions<WeComOptions>
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
        }

        foreach (var duplicate in options.Suites.GroupBy(s => s.SuiteId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"WeCom:Suites lists SuiteId '{duplicate.Key}' more than once.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
