using System.CommandLine;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// A string option read, in order, from the command line, an environment variable, then a built-in default.
/// The default is resolved at run time rather than through DefaultValueFactory so that <c>--help</c> never prints a
/// token or key taken from the environment.
/// </summary>
internal sealed class EnvironmentOption
{
    private readonly string _fallback;

    public EnvironmentOption(string name, string environmentVariable, string fallback, string description, string helpName, string shownFallback)
    {
        EnvironmentVariable = environmentVariable;
        _fallback = fallback;
        Option = new Option<string?>(name)
        {
            Description = $"{description} [env: {environmentVariable}] [default: {shownFallback}]",
            HelpName = helpName,
        };
    }

    public Option<string?> Option { get; }

    public string EnvironmentVariable { get; }

    public string Resolve(ParseResult parseResult, CliContext context)
    {
        var value = parseResult.GetValue(Option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = context.GetEnvironmentVariable(EnvironmentVariable);
        }

        return string.IsNullOrWhiteSpace(value) ? _fallback : value.Trim();
    }
}
