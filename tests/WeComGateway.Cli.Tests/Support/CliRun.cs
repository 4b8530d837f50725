namespace WeComGateway.Cli.Tests.Support;

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>Runs <c>wecomgw</c> in process with plain-text consoles and an environment of the test's choosing.</summary>
public static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, name => environment.GetValueOrDefault(name));

        var exitCode = await WeComGatewayCli.InvokeAsync(args, context);

        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
