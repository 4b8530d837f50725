using Microsoft.Extensions.Logging;
using Spectre.Console;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Cli.Output;

/// <summary>The DLQ client's audit lines, on stderr (<c>audit: …</c>), so they land wherever the operator's session is recorded.</summary>
internal sealed class CliAuditLogger(IAnsiConsole error) : ILogger<DeadLetterClient>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            error.MarkupLineInterpolated($"[grey]audit: {formatter(state, exception)}[/]");
        }
    }
}
