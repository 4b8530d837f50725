using System.Globalization;
using Spectre.Console;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Cli.Output;

/// <summary>How dead-letter queues and their messages look on the console. Values are plain text, never markup.</summary>
internal static class DeadLetterReport
{
    public static void Queues(IAnsiConsole console, IReadOnlyList<DeadLetterQueue> queues)
    {
        if (queues.Count == 0)
        {
            console.MarkupLine("[green]No _error or _skipped queues in this vhost.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("queue", "depth", "oldest");
        foreach (var queue in queues)
        {
            var depth = new Text(queue.Depth.ToString(CultureInfo.InvariantCulture), queue.Depth > 0 ? new Style(Color.Red) : Style.Plain);
            table.AddRow(new Text(queue.Name), depth, new Text(queue.OldestAge is { } age ? $"{Age(age)} ago ({Time(queue.OldestFailedAt)})" : "—"));
        }

        console.Write(table);
        var messages = queues.SelectMany(q => q.Messages.Select(m => (q.Name, Message: m))).ToList();
        if (messages.Count == 0)
        {
            return;
        }

        var details = new Table().Border(TableBorder.Rounded).AddColumns("queue", "message id", "type", "corp", "reason", "failed at", "attempts");
        foreach (var (queue, message) in messages)
        {
            details.AddRow(
                new Text(queue), new Text(message.MessageId ?? "—"), new Text(message.MessageType ?? "—"), new Text(message.CorpId ?? "—"),
                new Text(message.Reason.Summary), new Text(Time(message.FirstFailedAt)), new Text(Attempts(message.Attempts)));
        }

        console.Write(details);
        console.MarkupLine("Full headers and body: [bold]wecomgw dlq show QUEUE ID[/]; put back: [bold]wecomgw dlq replay QUEUE --id ID[/].");
    }

    public static void Message(IAnsiConsole console, DeadLetterMessageDetail detail)
    {
        var message = detail.Message;
        var summary = new Grid().AddColumn(new GridColumn().PadRight(2).NoWrap()).AddColumn();
        (string Label, string? Value)[] rows =
        [
            ("queue", detail.Queue),
            ("message id", message.MessageId),
            ("type", message.MessageType),
            ("corp", message.CorpId),
            ("reason", message.Reason.Summary),
            ("errcode", message.Reason.ErrCode?.ToString(CultureInfo.InvariantCulture)),
            ("failed at", Time(message.FirstFailedAt)),
            ("attempts", Attempts(message.Attempts)),
            ("failed on", message.InputAddress),
            ("replay goes to", $"exchange {detail.Destination}"),
        ];
        foreach (var (label, value) in rows.Where(r => r.Value is not null))
        {
            summary.AddRow(new Text(label, new Style(Color.Grey)), new Text(value!));
        }

        console.Write(summary);
        console.WriteLine();
        var headers = new Table().Border(TableBorder.Rounded).AddColumns("header", "value");
        foreach (var (name, value) in detail.Headers)
        {
            headers.AddRow(new Text(name), new Text(value));
        }

        console.Write(headers);
        console.MarkupLineInterpolated($"[bold]body[/] [grey]({detail.ContentType ?? "no content type"})[/]");
        // Bypass Spectre's wrapping so the JSON can be copied as it is.
        console.Profile.Out.Writer.WriteLine(detail.Body);
    }

    public static void Replay(IAnsiConsole console, ReplayResult result)
    {
        var colour = result.Failed > 0 ? "red" : result.Replayed > 0 ? "green" : "yellow";
        var destinations = result.Destinations.Count == 0 ? string.Empty : $" → {string.Join(", ", result.Destinations)}";
        console.MarkupLineInterpolated(
            $"[{colour}]replayed {result.Replayed}, skipped {result.Skipped}, failed {result.Failed}[/] of {result.Examined} examined in {result.Queue}{destinations}");
        console.MarkupLineInterpolated($"[grey]replay id {result.ReplayId:N} (header wecomgw-replay-id on every replayed message)[/]");
        foreach (var failure in result.Failures)
        {
            console.MarkupLineInterpolated($"  [red]✗[/] {failure.MessageId ?? "(no id)"}: {failure.Error}");
        }

        if (result.Replayed == 0 && result.Failed == 0)
        {
            console.MarkupLine("[yellow]Nothing matched the filter.[/]");
        }
    }

    public static string Attempts(AttemptCounts attempts)
    {
        var parts = new List<string>(3);
        if (attempts.Attempts is { } runs)
        {
            parts.Add(Count(runs, "attempt"));
        }

        if (attempts.Retries is { } retries)
        {
            parts.Add(Count(retries, "retry", "retries"));
        }

        if (attempts.Redeliveries is { } redeliveries)
        {
            parts.Add(Count(redeliveries, "redelivery", "redeliveries"));
        }

        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }

    public static string Age(TimeSpan age) => age switch
    {
        { TotalDays: >= 1 } => $"{(int)age.TotalDays}d {age.Hours}h",
        { TotalHours: >= 1 } => $"{(int)age.TotalHours}h {age.Minutes}m",
        { TotalMinutes: >= 1 } => $"{(int)age.TotalMinutes}m {age.Seconds}s",
        _ => $"{Math.Max(0, (int)age.TotalSeconds)}s",
    };

    private static string Count(long count, string one, string? many = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
