using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw channels list|create|update|delete|stats …</c>: a corp's channel QR codes (渠道活码) and their
/// statistics through the admin API (the worker host's internal port).
/// </summary>
internal sealed class ChannelsCommand
{
    public const string Name = "channels";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;

    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Argument<string> _id = new("ID") { Description = "The channel's id (see 'channels list')." };
    private readonly Option<string?> _name = new("--name") { Description = "The channel's name, unique in the corp; rules may name it (\"channel\": \"抖音-春季\").", HelpName = "name" };
    private readonly Option<string?> _state = new("--state") { Description = "The contact way's state (≤ 30 characters) [default: generated]; never changes.", HelpName = "state" };
    private readonly Option<string[]> _owners = new("--owner") { Description = "An employee the code adds (repeat for a multi-employee code).", HelpName = "userid", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> _campaign = new("--campaign") { Description = "The campaign.", HelpName = "campaign" };
    private readonly Option<string?> _medium = new("--medium") { Description = "The medium (poster, parcel card, ad …).", HelpName = "medium" };
    private readonly Option<string?> _welcome = new("--welcome") { Description = "A welcome template id of the corp's rule set.", HelpName = "template" };
    private readonly Option<string[]> _tags = new("--tag") { Description = "A tag for every customer added through it, as group/name (repeatable).", HelpName = "group/name" };
    private readonly Option<string?> _remark = new("--remark") { Description = "WeCom's remark of the contact way (≤ 30 characters).", HelpName = "text" };
    private readonly Option<bool> _verify = new("--verify") { Description = "Employees confirm each add (WeCom skip_verify false)." };
    private readonly Option<int?> _expiresIn = BoundedIntOption.CreateOptional("--expires-in", "A temporary code valid this many seconds (one owner, ≤ 14 days).", "seconds", 1, 14 * 24 * 3600);
    private readonly Option<string?> _from = new("--from") { Description = "First day (yyyy-MM-dd) [default: 6 days before --to].", HelpName = "day" };
    private readonly Option<string?> _to = new("--to") { Description = "Last day (yyyy-MM-dd) [default: today, Asia/Shanghai].", HelpName = "day" };
    private readonly Option<string> _by = new("--by") { Description = "One row per day or per employee.", HelpName = "day|employee", DefaultValueFactory = _ => "day" };
    private readonly Option<bool> _csv = new("--csv") { Description = "Print CSV instead of a table." };

    private ChannelsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
        _by.AcceptOnlyFromAmong("day", "employee");
    }

    public static Command Create(CliContext context) => new ChannelsCommand(context).Build();

    private Command Build()
    {
        var list = Sub("list", "The corp's channels: id, name, state, owners, QR image URL.", [_corp.Option], ListAsync);
        var create = Sub("create", "Create a channel QR code at WeCom (add_contact_way) and what its state means.",
            [_corp.Option, _name, _state, _owners, _campaign, _medium, _welcome, _tags, _remark, _verify, _expiresIn], CreateAsync);
        var update = Sub("update", "Change a channel: the options given replace what it has (the state never changes).",
            [_corp.Option, _id, _name, _owners, _campaign, _medium, _welcome, _tags, _remark, _verify], UpdateAsync);
        var delete = Sub("delete", "Delete a channel and its contact way; its statistics stay.", [_corp.Option, _id], DeleteAsync);
        var stats = Sub("stats", "Adds, first adds, re-adds, deletions, lost and net retained per day or per employee, with WeCom's figures.",
            [_corp.Option, _id, _from, _to, _by, _csv], StatsAsync);
        return new Command(Name, "Channel QR codes (渠道活码) and their statistics, through the admin API.") { list, create, update, delete, stats };
    }

    private Command Sub(string name, string description, Symbol[] symbols, Func<ParseResult, HttpClient, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        foreach (var option in _admin.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} {name}", async () =>
        {
            using var http = _admin.CreateClient(parseResult);
            try
            {
                return await run(parseResult, http, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                _context.Error.MarkupLineInterpolated($"[red]error:[/] the admin API at {http.BaseAddress} is unreachable: {ex.Message}");
                return ExitCodes.Failure;
            }
        }));
        return command;
    }

    private string Path(ParseResult parseResult, string? rest = null) =>
        $"admin/corps/{Uri.EscapeDataString(_corp.Resolve(parseResult, _context))}/channels{rest}";

    private async Task<int> ListAsync(ParseResult parseResult, HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Path(parseResult), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, cancellationToken);
        }

        var channels = (await response.Content.ReadFromJsonAsync<List<ChannelView>>(Json, cancellationToken))!;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "state", "owners", "campaign", "medium", "tags", "QR code");
        foreach (var c in channels)
        {
            table.AddRow(
                new Text(c.Id), new Text(c.Name), new Text(c.State), new Text(string.Join(", ", c.Owners)), new Text(c.Campaign ?? string.Empty),
                new Text(c.Medium ?? string.Empty), new Text(string.Join(", ", c.Tags.Select(t => $"{t.Group}/{t.Name}"))), new Text(c.QrCode ?? string.Empty));
        }

        _context.Out.Write(table);
        _context.Out.MarkupLineInterpolated($"{channels.Count} channels");
        return ExitCodes.Success;
    }

    private async Task<int> CreateAsync(ParseResult parseResult, HttpClient http, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_name) is not { Length: > 0 } || parseResult.GetValue(_owners) is not { Length: > 0 })
        {
            throw new CliUsageException("channels create needs --name and at least one --owner.");
        }

        var request = Request(parseResult, current: null) with { State = parseResult.GetValue(_state), ExpiresInSeconds = parseResult.GetValue(_expiresIn) };
        using var response = await http.PostAsJsonAsync(Path(parseResult), request, Json, cancellationToken);
        return await ShowChannelAsync(response, "created", cancellationToken);
    }

    private async Task<int> UpdateAsync(ParseResult parseResult, HttpClient http, CancellationToken cancellationToken)
    {
        var path = Path(parseResult, "/" + Uri.EscapeDataString(parseResult.GetRequiredValue(_id)));
        using var current = await http.GetAsync(path, cancellationToken);
        if (!current.IsSuccessStatusCode)
        {
            return await RefusedAsync(current, cancellationToken);
        }

        var channel = (await current.Content.ReadFromJsonAsync<ChannelView>(Json, cancellationToken))!;
        using var response = await http.PutAsJsonAsync(path, Request(parseResult, channel), Json, cancellationToken);
        return await ShowChannelAsync(response, "updated", cancellationToken);
    }

    private async Task<int> DeleteAsync(ParseResult parseResult, HttpClient http, CancellationToken cancellationToken)
    {
        var id = parseResult.GetRequiredValue(_id);
        using var response = await http.DeleteAsync(Path(parseResult, "/" + Uri.EscapeDataString(id)), cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            return await RefusedAsync(response, cancellationToken);
        }

        _context.Out.MarkupLineInterpolated($"[green]deleted[/] channel {id} (its statistics stay)");
        return ExitCodes.Success;
    }

    private async Task<int> StatsAsync(ParseResult parseResult, HttpClient http, CancellationToken cancellationToken)
    {
        var query = new List<string> { "by=" + parseResult.GetValue(_by) };
        if (parseResult.GetValue(_from) is { } from)
        {
            query.Add("from=" + Uri.EscapeDataString(from));
        }

        if (parseResult.GetValue(_to) is { } to)
        {
            query.Add("to=" + Uri.EscapeDataString(to));
        }

        var csv = parseResult.GetValue(_csv);
        if (csv)
        {
            query.Add("format=csv");
        }

        var path = Path(parseResult, $"/{Uri.EscapeDataString(parseResult.GetRequiredValue(_id))}/stats?{string.Join('&', query)}");
        using var response = await http.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, cancellationToken);
        }

        if (csv)
        {
            await _context.Out.Profile.Out.Writer.WriteAsync(await response.Content.ReadAsStringAsync(cancellationToken));
            return ExitCodes.Success;
        }

        var stats = (await response.Content.ReadFromJsonAsync<StatsView>(Json, cancellationToken))!;
        _context.Out.MarkupLineInterpolated($"[bold]{stats.Name}[/] (state {stats.State}), {stats.From} to {stats.To}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns(stats.By, "adds", "first adds", "re-adds", "deleted by customer", "deleted by employee", "lost", "net retained");
        foreach (var row in stats.Rows.Append(stats.Totals with { Day = "total" }))
        {
            table.AddRow(
                new Text(row.Day ?? row.UserId ?? "total"), Number(row.Adds), Number(row.FirstAdds), Number(row.ReAdds), Number(row.DeletedByCustomer),
                Number(row.DeletedByEmployee), Number(row.Lost), Number(row.NetRetained));
        }

        _context.Out.Write(table);
        if (stats.Reconciliation.Count > 0)
        {
            var check = new Table().Border(TableBorder.Rounded).Title("against WeCom (get_user_behavior_data; all channels of the employee)")
                .AddColumns("day", "employee", "adds", "WeCom new contacts", "deleted by customer", "WeCom negative feedback");
            foreach (var r in stats.Reconciliation)
            {
                check.AddRow(new Text(r.Day), new Text(r.UserId), Number(r.GatewayAdds), Number(r.WeComNewContacts), Number(r.GatewayDeletedByCustomer), Number(r.WeComNegativeFeedback));
            }

            _context.Out.Write(check);
        }

        return ExitCodes.Success;

        static Text Number(long value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private ChannelRequest Request(ParseResult parseResult, ChannelView? current) => new(
        parseResult.GetValue(_name) ?? current?.Name,
        current?.State,
        parseResult.GetValue(_campaign) ?? current?.Campaign,
        parseResult.GetValue(_medium) ?? current?.Medium,
        parseResult.GetValue(_owners) is { Length: > 0 } owners ? owners : current?.Owners ?? [],
        parseResult.GetValue(_welcome) ?? current?.WelcomeTemplateId,
        parseResult.GetValue(_tags) is { Length: > 0 } tags ? [.. tags.Select(Tag)] : current?.Tags ?? [],
        parseResult.GetResult(_verify) is not null ? !parseResult.GetValue(_verify) : current?.SkipVerify ?? true,
        parseResult.GetValue(_remark) ?? current?.Remark,
        null);

    private static TagView Tag(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1
            ? new TagView(text[..slash], text[(slash + 1)..])
            : throw new CliUsageException($"--tag '{text}' is not group/name.");
    }

    private async Task<int> ShowChannelAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, cancellationToken);
        }

        var c = (await response.Content.ReadFromJsonAsync<ChannelView>(Json, cancellationToken))!;
        _context.Out.MarkupLineInterpolated($"[green]{what}[/] channel [bold]{c.Id}[/] '{c.Name}': state [bold]{c.State}[/], owners {string.Join(", ", c.Owners)}");
        _context.Out.MarkupLineInterpolated($"QR code: {c.QrCode ?? "(none)"}");
        return ExitCodes.Success;
    }

    private async Task<int> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken) is { } problem
            ? $"{problem.Title}: {problem.Detail}"
            : await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = response.StatusCode == HttpStatusCode.Unauthorized ? "the admin API refused the key" : $"the admin API answered {(int)response.StatusCode}";
        _context.Error.MarkupLineInterpolated($"[red]error:[/] {reason} ({detail})");
        return ExitCodes.Failure;
    }

    private sealed record TagView(string Group, string Name);

    private sealed record ChannelView(
        string Id, string Name, string State, string? QrCode, string? Campaign, string? Medium, IReadOnlyList<string> Owners, string? WelcomeTemplateId,
        IReadOnlyList<TagView> Tags, bool SkipVerify, string? Remark);

    private sealed record ChannelRequest(
        string? Name, string? State, string? Campaign, string? Medium, IReadOnlyList<string> Owners, string? WelcomeTemplateId,
        IReadOnlyList<TagView> Tags, bool SkipVerify, string? Remark, int? ExpiresInSeconds);

    private sealed record Row(
        string? Day, string? UserId, long Adds, long FirstAdds, long ReAdds, long DeletedByCustomer, long DeletedByEmployee, long Lost, long NetRetained);

    private sealed record Reconciled(string Day, string UserId, long GatewayAdds, long WeComNewContacts, long GatewayDeletedByCustomer, long WeComNegativeFeedback);

    private sealed record StatsView(string Name, string State, string From, string To, string By, Row Totals, IReadOnlyList<Row> Rows, IReadOnlyList<Reconciled> Reconciliation);

    private sealed record Problem(string? Title, string? Detail);
}
