using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw fission create|list|join|leaderboard</c>: a corp's fission campaigns through the admin API (the worker
/// host's internal port). <c>join</c> registers a seed participant and prints their state and poster URL; the state is
/// what <c>wecomgw trigger contact-added --state</c> sends.
/// </summary>
internal sealed class FissionCommand
{
    public const string Name = "fission";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;

    private readonly EnvironmentOption _corpId = CorpIdOption.Create();

    private readonly Option<string?> _id = new("--id") { Description = "The campaign id ([a-z0-9-], ≤ 32) [default: a fresh one].", HelpName = "id" };
    private readonly Option<string> _name = new("--name") { Description = "The campaign's name (also the contact ways' remark).", Required = true, HelpName = "name" };
    private readonly Option<string> _prefix = new("--prefix") { Description = "The state prefix (≤ 24 of [A-Za-z0-9_-]); states are prefix + code, ≤ 30.", Required = true, HelpName = "prefix" };
    private readonly Option<int> _goal = BoundedIntOption.Create("--goal", "New customers a participant needs for the reward.", "n", 3, 1, 1_000_000);
    private readonly Option<string?> _reward = new("--reward") { Description = "What the reward is (published with FissionGoalReached).", HelpName = "text" };
    private readonly Option<string[]> _employees = new("--employee") { Description = "An employee userid on every participant's contact way (repeat for several).", Required = true, HelpName = "userid" };
    private readonly Option<string?> _ends = new("--ends") { Description = "When the campaign ends: an ISO time, or a duration from now (14d, 36h) [default: 30d].", HelpName = "when" };
    private readonly Option<string?> _window = new("--delete-window") { Description = "A customer who deletes within this time never counted (30m, 2h, 1d) [default: 0].", HelpName = "duration" };
    private readonly Argument<string> _campaign = new("CAMPAIGN") { Description = "The campaign id." };
    private readonly Argument<string> _customer = new("EXTERNAL_USER_ID") { Description = "The participant's external user id (wm…/wo…)." };
    private readonly Option<int> _top = BoundedIntOption.Create("--top", "How many participants.", "n", 10, 1, 1000);

    private FissionCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new FissionCommand(context).Build();

    private Command Build()
    {
        var create = With(new Command("create", "Create a fission campaign.") { _id, _name, _prefix, _goal, _reward, _employees, _ends, _window }, "create", CreateAsync);
        var list = With(new Command("list", "List the corp's campaigns."), "list", ListAsync);
        var join = With(new Command("join", "Register a participant; prints their state and poster URL.") { _campaign, _customer }, "join", JoinAsync);
        var board = With(new Command("leaderboard", "The top participants by credited count, with levels 2 and 3.") { _campaign, _top }, "leaderboard", LeaderboardAsync);
        return new Command(Name, "Fission (裂变) campaigns through the admin API.") { create, list, join, board };
    }

    private Command With(Command command, string verb, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.Options.Add(_corpId.Option);
        foreach (var option in _admin.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} {verb}", () => action(parseResult, cancellationToken)));
        return command;
    }

    private async Task<int> CreateAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        var ends = parseResult.GetValue(_ends) is { } e ? ParseWhen(e, now, "--ends") : now.AddDays(30);
        var window = parseResult.GetValue(_window) is { } w ? ParseDuration(w, "--delete-window") : TimeSpan.Zero;
        var body = new
        {
            id = parseResult.GetValue(_id),
            name = parseResult.GetRequiredValue(_name),
            statePrefix = parseResult.GetRequiredValue(_prefix),
            goal = parseResult.GetValue(_goal),
            reward = parseResult.GetValue(_reward),
            employees = parseResult.GetRequiredValue(_employees),
            // no startsAt: the gateway starts the campaign at the start of its current second (WeCom's event times are whole seconds)
            endsAt = ends,
            deleteWindowMinutes = (int)window.TotalMinutes,
        };
        return await CallAsync(parseResult, HttpMethod.Post, "", body, cancellationToken, json =>
        {
            var c = json.Deserialize<Campaign>(Json)!;
            _context.Out.MarkupLineInterpolated($"[green]created[/] campaign [bold]{c.Id}[/] ({c.Name}): states {c.StatePrefix}…, goal {c.Goal}, ends {c.EndsAt:u}, delete window {c.DeleteWindowMinutes} min");
        });
    }

    private Task<int> ListAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        CallAsync(parseResult, HttpMethod.Get, "", null, cancellationToken, json =>
        {
            var table = new Table().AddColumns("id", "name", "prefix", "goal", "reward", "employees", "ends", "window (min)");
            foreach (var c in json.Deserialize<Campaign[]>(Json)!)
            {
                table.AddRow(Cells(c.Id, c.Name, c.StatePrefix, c.Goal.ToString(CultureInfo.InvariantCulture), c.Reward, string.Join(',', c.Employees), c.EndsAt.ToString("u", CultureInfo.InvariantCulture), c.DeleteWindowMinutes.ToString(CultureInfo.InvariantCulture)));
            }

            _context.Out.Write(table);
        });

    private Task<int> JoinAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        CallAsync(parseResult, HttpMethod.Post, $"/{Uri.EscapeDataString(parseResult.GetRequiredValue(_campaign))}/participants",
            new { externalUserId = parseResult.GetRequiredValue(_customer) }, cancellationToken, json =>
            {
                var p = json.Deserialize<Participant>(Json)!;
                _context.Out.MarkupLineInterpolated($"participant [bold]{p.ExternalUserId}[/] ({p.Source}{(p.Inviter is null ? "" : ", invited by " + p.Inviter)})");
                _context.Out.MarkupLineInterpolated($"state   {p.State}");
                _context.Out.MarkupLineInterpolated($"poster  {p.PosterUrl}");
            });

    private Task<int> LeaderboardAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        CallAsync(parseResult, HttpMethod.Get, $"/{Uri.EscapeDataString(parseResult.GetRequiredValue(_campaign))}/leaderboard?top={parseResult.GetValue(_top)}", null, cancellationToken, json =>
        {
            var table = new Table().AddColumns("#", "participant", "credited", "level 2", "level 3", "goal", "inviter", "state");
            var rank = 0;
            foreach (var p in json.Deserialize<Participant[]>(Json)!)
            {
                table.AddRow(Cells((++rank).ToString(CultureInfo.InvariantCulture), p.ExternalUserId, p.Credited.ToString(CultureInfo.InvariantCulture),
                    p.Level2.ToString(CultureInfo.InvariantCulture), p.Level3.ToString(CultureInfo.InvariantCulture), p.GoalReached ? "reached" : "", p.Inviter ?? "", p.State ?? ""));
            }

            _context.Out.Write(table);
        });

    private async Task<int> CallAsync(ParseResult parseResult, HttpMethod method, string path, object? body, CancellationToken cancellationToken, Action<JsonElement> print)
    {
        var corpId = _corpId.Resolve(parseResult, _context);
        using var http = _admin.CreateClient(parseResult);
        using var request = new HttpRequestMessage(method, $"admin/corps/{Uri.EscapeDataString(corpId)}/fission/campaigns{path}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)
                    : default;
                var detail = problem.ValueKind == JsonValueKind.Object
                    ? $"{Text(problem, "title")}: {Text(problem, "detail")}{(problem.TryGetProperty("errors", out var errors) ? " " + errors.GetRawText() : "")}"
                    : await response.Content.ReadAsStringAsync(cancellationToken);
                var reason = response.StatusCode == HttpStatusCode.Unauthorized ? "the admin API refused the key" : $"the admin API answered {(int)response.StatusCode}";
                _context.Error.MarkupLineInterpolated($"[red]error:[/] {reason} ({detail})");
                return ExitCodes.Failure;
            }

            print(await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken));
            return ExitCodes.Success;
        }
        catch (HttpRequestException ex)
        {
            _context.Error.MarkupLineInterpolated($"[red]error:[/] the admin API at {http.BaseAddress} is unreachable: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>An ISO time, or a duration from now.</summary>
    internal static DateTimeOffset ParseWhen(string value, DateTimeOffset now, string option) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : now + ParseDuration(value, option);

    /// <summary><c>90s</c>, <c>30m</c>, <c>2h</c>, <c>14d</c>.</summary>
    internal static TimeSpan ParseDuration(string value, string option)
    {
        if (value.Length >= 2 && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (value[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw new CliUsageException($"{option} takes a duration such as 30m, 2h or 14d (got '{value}').");
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string[] Cells(params string[] values) => [.. values.Select(Markup.Escape)];

    private sealed record Campaign(string Id, string Name, string StatePrefix, int Goal, string Reward, string[] Employees, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int DeleteWindowMinutes);

    private sealed record Participant(
        string CampaignId, string ExternalUserId, string? State, string? PosterUrl, string? Inviter, int Depth, string Source,
        long Credited, long Level2, long Level3, bool GoalReached);
}
