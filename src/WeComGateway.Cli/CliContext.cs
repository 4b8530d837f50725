using Spectre.Console;

namespace WeComGateway.Cli;

/// <summary>What a command may touch outside itself: the two consoles, the environment, the clock and the network.</summary>
internal sealed class CliContext
{
    public required IAnsiConsole Out { get; init; }

    public required IAnsiConsole Error { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The HTTP handler every request goes through; <c>null</c> = sockets, connecting within the client's timeout. A
    /// test sets it to reach a gateway hosted in the test process.
    /// </summary>
    public Func<HttpMessageHandler>? HttpHandler { get; init; }

    public HttpClient CreateHttpClient(TimeSpan timeout) => HttpHandler is { } handler
        ? new HttpClient(handler(), disposeHandler: true) { Timeout = timeout }
        : new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { Timeout = timeout };

    /// <summary>The real process: Spectre's console on stdout, a second one on stderr.</summary>
    public static CliContext ForProcess()
    {
        var output = AnsiConsole.Console;
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Piped output has no terminal width (Spectre assumes 80): keep each status line on one line there.
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = PipeWidth;
        }

        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = PipeWidth;
        }

        return new CliContext { Out = output, Error = error };
    }

    /// <summary>Plain text (no colour, no ANSI) into writers: tests and scripts.</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, Func<string, string?>? environment = null) => new()
    {
        Out = PlainConsole(output),
        Error = PlainConsole(error),
        GetEnvironmentVariable = environment ?? (_ => null),
    };

    private const int PipeWidth = 1000;

    private static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = PipeWidth;
        return console;
    }
}
