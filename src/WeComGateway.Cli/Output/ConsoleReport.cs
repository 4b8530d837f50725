using System.Globalization;
using Spectre.Console;
using WeComGateway.Cli.Commands;
using WeComGateway.Cli.Events;

namespace WeComGateway.Cli.Output;

/// <summary>How requests and answers look on the console. Values are written as plain text, never parsed as markup.</summary>
internal static class ConsoleReport
{
    private const int MaxBodyChars = 2000;

    public static void Catalog(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("event", "WeCom kind", "shapes", "what happened");
        foreach (var group in EventCatalog.All.GroupBy(descriptor => descriptor.Group))
        {
            if (table.Rows.Count > 0)
            {
                table.AddEmptyRow();
            }

            table.AddRow(new Text(group.Key, new Style(decoration: Decoration.Bold)), Text.Empty, Text.Empty, Text.Empty);
            foreach (var descriptor in group)
            {
                var shapes = string.Join(", ", descriptor.Shapes.Select(shape => shape == EventShape.Event ? "event" : "infotype"));
                table.AddRow(new Text(descriptor.Name), new Text(descriptor.Kind), new Text(shapes), new Text(descriptor.Description));
            }
        }

        console.Write(table);
        console.MarkupLine("Send one with [bold]wecomgw trigger <event>[/]; see [bold]wecomgw trigger --help[/] for options.");
    }

    public static void Request(IAnsiConsole console, string title, string method, Uri url, IEnumerable<(string Label, string Value)> details)
    {
        console.MarkupLineInterpolated($"[bold]{title}[/]");
        Raw(console, $"  {method} {url.AbsoluteUri}");
        var grid = new Grid().AddColumn(new GridColumn().PadLeft(2).PadRight(2).NoWrap()).AddColumn(new GridColumn().PadLeft(0).NoWrap());
        foreach (var (label, value) in details)
        {
            grid.AddRow(new Text(label, new Style(Color.Grey)), new Text(value));
        }

        console.Write(grid);
    }

    /// <param name="console">Where to write.</param>
    /// <param name="answer">The answer, or the reason there was none.</param>
    /// <param name="verbose">Also print time to headers.</param>
    /// <param name="label">Which send this was when a request is repeated, e.g. <c>send 2/3</c>.</param>
    public static void Answer(IAnsiConsole console, HttpAnswer answer, bool verbose, string? label = null)
    {
        var elapsed = Milliseconds(answer.Elapsed);
        var suffix = label is null ? string.Empty : $"  {label}";
        if (answer.Error is not null)
        {
            console.MarkupLineInterpolated($"  [red]✗ {answer.Error}[/] [grey]({elapsed}){suffix}[/]");
            return;
        }

        var colour = answer.IsSuccess ? "green" : "red";
        var mark = answer.IsSuccess ? "✓" : "✗";
        console.MarkupLineInterpolated($"  [{colour}]{mark} {answer.StatusCode} {answer.ReasonPhrase}[/] [grey]({elapsed}){suffix}[/]");
        Raw(console, "    " + Body(answer.Body).ReplaceLineEndings("\n    "));
        if (verbose && answer.TimeToHeaders is { } headers)
        {
            console.MarkupLineInterpolated($"  [grey]headers after {Milliseconds(headers)}, body after {elapsed}[/]");
        }
    }

    public static void Timing(IAnsiConsole console, string what, TimeSpan elapsed) =>
        console.MarkupLineInterpolated($"  [grey]{what} in {Milliseconds(elapsed)}[/]");

    /// <summary>The <c>--print</c> view: what the receiver will decrypt, then the exact request, ready to paste.</summary>
    public static void Printed(IAnsiConsole console, string plaintextTitle, string plaintext, string method, Uri url, string? body)
    {
        console.MarkupLineInterpolated($"[bold]{plaintextTitle}[/]");
        Raw(console, plaintext);
        console.WriteLine();
        console.MarkupLine("[bold]signed request[/]");
        Raw(console, $"{method} {url.AbsoluteUri}");
        if (body is not null)
        {
            Raw(console, "Content-Type: text/xml; charset=utf-8");
            Raw(console, string.Empty);
            Raw(console, body);
        }

        console.WriteLine();
    }

    public static void Summary(IAnsiConsole console, int sent, int succeeded)
    {
        var colour = sent == succeeded ? "green" : "red";
        console.MarkupLineInterpolated($"[{colour}]{succeeded} of {sent} answered 2xx[/]");
    }

    /// <summary>
    /// URLs, XML and bodies bypass Spectre's wrapping: a hard line break inside a URL or ciphertext would spoil
    /// copying it into curl or a test.
    /// </summary>
    private static void Raw(IAnsiConsole console, string text) => console.Profile.Out.Writer.WriteLine(text);

    private static string Body(string body)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        return body.Length <= MaxBodyChars ? body : string.Concat(body.AsSpan(0, MaxBodyChars), $"… ({body.Length} chars)");
    }

    private static string Milliseconds(TimeSpan elapsed) =>
        elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
