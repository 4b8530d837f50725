using Spectre.Console;

namespace WeComGateway.Cli.Commands;

/// <summary>Runs a command body and turns <see cref="CliUsageException"/> into a one-line error and exit code 2.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliContext context, string commandName, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliUsageException exception)
        {
            context.Error.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
            context.Error.MarkupLineInterpolated($"Run 'wecomgw {commandName} --help' for usage.");
            return ExitCodes.Usage;
        }
    }
}
