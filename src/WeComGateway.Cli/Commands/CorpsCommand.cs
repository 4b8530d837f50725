using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw corps sync CORP</c>: asks the admin API (the worker host's internal port) for a backfill of the corp's
/// existing customers and follows it with a progress bar until it is done. A backfill already running is followed, not
/// started twice.
/// </summary>
internal sealed class CorpsCommand
{
    public const string Name = "corps";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CliContext _context;

    private readonly AdminApiConnection _admin;

    private readonly Option<int> _timeout = BoundedIntOption.Create(
        "--timeout", "Give up following the backfill after this many seconds (it goes on in the workers).", "seconds", 3600, 1, 7 * 24 * 3600);

    private readonly Option<bool> _noWait = new("--no-wait") { Description = "Ask for the backfill and return at once." };

    private readonly Argument<string> _corp = new("CORP") { Description = "The corp id (it must hold an active grant)." };

    private CorpsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    /// <summary>How often the progress is read.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context) => new CorpsCommand(context).Build();

    private Command Build()
    {
        var sync = new Command("sync", "Read the corp's existing customers from WeCom and seed their facts (no welcome, no lifecycle rules); shows the progress.")
        {
            _corp, _timeout, _noWait,
        };
        foreach (var option in _admin.Options)
        {
            sync.Options.Add(option);
        }

        sync.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} sync", () => SyncAsync(parseResult, cancellationToken)));
        return new Command(Name, "Per-corp operations through the admin API.") { sync };
    }

    private async Task<int> SyncAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var corpId = parseResult.GetRequiredValue(_corp).Trim();
        using var http = _admin.CreateClient(parseResult);
        var adminUrl = http.BaseAddress;
        var path = $"admin/corps/{Uri.EscapeDataString(corpId)}/backfill";
        Accepted accepted;
        try
        {
            using var response = await http.PostAsync(path, content: null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return await RefusedAsync(response, corpId, cancellationToken);
            }

            accepted = (await response.Content.ReadFromJsonAsync<Accepted>(Json, cancellationToken))!;
        }
        catch (HttpRequestException ex)
        {
            _context.Error.MarkupLineInterpolated($"[red]error:[/] the admin API at {adminUrl} is unreachable: {ex.Message}");
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Backfill of [bold]{corpId}[/] requested at {accepted.RequestedAt:u}.");
        if (parseResult.GetValue(_noWait))
        {
            return ExitCodes.Success;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(parseResult.GetValue(_timeout)));
        Progress? final;
        try
        {
            final = _context.Out.Profile.Capabilities.Ansi
                ? await FollowWithBarAsync(http, path, corpId, accepted.RequestedAt, deadline.Token)
                : await FollowAsync(http, path, accepted.RequestedAt, p => _context.Out.WriteLine(Describe(p)), deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _context.Error.MarkupLineInterpolated($"[yellow]Stopped following after {parseResult.GetValue(_timeout)} s; the backfill goes on in the workers.[/]");
            return ExitCodes.Failure;
        }

        if (final.State == "done")
        {
            _context.Out.MarkupLineInterpolated($"[green]done:[/] {Describe(final)}");
            return ExitCodes.Success;
        }

        _context.Error.MarkupLineInterpolated($"[red]failed:[/] {final.Error ?? "no reason given"} ({Describe(final)})");
        return ExitCodes.Failure;
    }

    private async Task<Progress> FollowWithBarAsync(HttpClient http, string path, string corpId, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        Progress? final = null;
        await _context.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async bar =>
            {
                var task = bar.AddTask($"{corpId}: waiting for a worker", maxValue: 1);
                final = await FollowAsync(http, path, requestedAt, p =>
                {
                    task.MaxValue = Math.Max(1, p.FollowUsers);
                    task.Value = p.FollowUsersDone;
                    task.Description = Markup.Escape($"{corpId}: {p.Customers} customers read, {p.Seeded} new, {p.Pages} pages");
                }, cancellationToken);
                task.Value = task.MaxValue;
            });
        return final!;
    }

    /// <summary>
    /// Reads the progress until the backfill that answers the request ends: one whose progress was updated at or after
    /// the request (a run already going when it was made counts: the request joined it).
    /// </summary>
    private static async Task<Progress> FollowAsync(HttpClient http, string path, DateTimeOffset requestedAt, Action<Progress> report, CancellationToken cancellationToken)
    {
        Progress? last = null;
        while (true)
        {
            using (var response = await http.GetAsync(path, cancellationToken))
            {
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    response.EnsureSuccessStatusCode();
                    var progress = (await response.Content.ReadFromJsonAsync<Progress>(Json, cancellationToken))!;
                    var current = progress.UpdatedAt >= requestedAt || progress.State == "running";
                    if (current && progress != last)
                    {
                        report(progress);
                        last = progress;
                    }

                    if (current && progress.State != "running" && progress.UpdatedAt >= requestedAt)
                    {
                        return progress;
                    }
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<int> RefusedAsync(HttpResponseMessage response, string corpId, CancellationToken cancellationToken)
    {
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken) is { } problem
            ? $"{problem.Title}: {problem.Detail}"
            : await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "the admin API refused the key",
            HttpStatusCode.NotFound => $"corp {corpId} cannot be backfilled",
            _ => $"the admin API answered {(int)response.StatusCode}",
        };
        _context.Error.MarkupLineInterpolated($"[red]error:[/] {reason} ({detail})");
        return ExitCodes.Failure;
    }

    private static string Describe(Progress p) =>
        $"{p.State}: follow users {p.FollowUsersDone}/{p.FollowUsers}, {p.Customers} customers read, {p.Seeded} new, {p.Pages} pages, {(p.UpdatedAt - p.StartedAt).TotalSeconds:F1} s";

    private sealed record Accepted(string CorpId, DateTimeOffset RequestedAt);

    private sealed record Progress(
        string CorpId, string State, int FollowUsers, int FollowUsersDone, long Pages, long Customers, long Seeded,
        DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, string? Error);

    private sealed record Problem(string? Title, string? Detail);
}
