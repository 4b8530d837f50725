using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// Integer options that reject a non-number or an out-of-range value as a parse error (exit code 2), in one place.
/// A plain validator would run after a failed conversion and throw instead.
/// </summary>
internal static class BoundedIntOption
{
    public static Option<int> Create(string name, string description, string helpName, int defaultValue, int min, int max) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, min, max) ?? defaultValue,
    };

    /// <summary>An optional integer: null when the option is absent.</summary>
    public static Option<int?> CreateOptional(string name, string description, string helpName, int min, int max) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => Parse(result, name, min, max),
    };

    private static int? Parse(ArgumentResult result, string name, int min, int max)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            result.AddError($"{name} must be a whole number from {min} to {max}, got '{text}'.");
            return null;
        }

        return value;
    }
}
