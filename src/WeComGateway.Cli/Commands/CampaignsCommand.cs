using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using static WeComGateway.Cli.Commands.AdminJsonCalls;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw campaigns create|preview|list|show|results|cancel</c>: a corp's campaigns (群发) through the admin API.
/// The audience and content come from options (<c>--tag-any 兴趣/爱水果 --text …</c>) or from a JSON file
/// (<c>--file</c>, the admin API's body); <c>preview</c> counts the audience without storing or sending anything.
/// </summary>
internal sealed class CampaignsCommand
{
    public const string Name = "campaigns";

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;
    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Argument<string> _id = new("CAMPAIGN") { Description = "The campaign id (1–32 of a-z, 0-9, '-', '_')." };
    private readonly Option<string?> _name = new("--name") { Description = "The campaign's name [default: its id].", HelpName = "name" };
    private readonly Option<FileInfo?> _file = new("--file") { Description = "A JSON body with audience and content (and name, sendAt); options given as well override it.", HelpName = "path" };
    private readonly Option<string[]> _tagAll = Multi("--tag-all", "A tag the customer must have, GROUP/NAME (repeat).");
    private readonly Option<string[]> _tagAny = Multi("--tag-any", "The customer has at least one of these tags, GROUP/NAME (repeat).");
    private readonly Option<string[]> _tagNone = Multi("--tag-none", "A tag the customer must not have, GROUP/NAME (repeat).");
    private readonly Option<string[]> _stages = Multi("--stage", "A lifecycle stage the customer is in (repeat: any of them).");
    private readonly Option<string[]> _segments = Multi("--segment", "A segment the rules put the customer in (repeat: any of them).");
    private readonly Option<string[]> _channels = Multi("--channel", "A channel name or state the customer came through (repeat: any of them).");
    private readonly Option<string[]> _employees = Multi("--employee", "An employee who follows the customer and sends to them (repeat: any of them).");
    private readonly Option<string?> _addedFrom = new("--added-from") { Description = "First added on or after this day (yyyy-MM-dd, the corp's time zone).", HelpName = "day" };
    private readonly Option<string?> _addedTo = new("--added-to") { Description = "First added on or before this day.", HelpName = "day" };
    private readonly Option<string?> _text = new("--text") { Description = "The text: {customer_name}, {employee_name}, {channel}, with |fallback.", HelpName = "text" };
    private readonly Option<string?> _imageUrl = new("--image-url") { Description = "An image attachment by URL (pic_url).", HelpName = "url" };
    private readonly Option<string?> _imageMediaId = new("--image-media-id") { Description = "An image attachment by media id.", HelpName = "id" };
    private readonly Option<string?> _linkTitle = new("--link-title") { Description = "A link attachment's title.", HelpName = "title" };
    private readonly Option<string?> _linkUrl = new("--link-url") { Description = "A link attachment's URL.", HelpName = "url" };
    private readonly Option<string?> _sendAt = new("--send-at") { Description = "When to send: yyyy-MM-ddTHH:mm in the corp's time zone, or with an offset [default: now].", HelpName = "time" };
    private readonly Option<bool> _csv = new("--csv") { Description = "CSV instead of a table." };

    private CampaignsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new CampaignsCommand(context).Build();

    private static Option<string[]> Multi(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false, HelpName = "value" };

    private Command Build()
    {
        Option[] definition = [_file, _tagAll, _tagAny, _tagNone, _stages, _segments, _channels, _employees, _addedFrom, _addedTo, _text, _imageUrl, _imageMediaId, _linkTitle, _linkUrl];
        var create = new Command("create", "Create a campaign: sent now, or at --send-at.") { _id, _name, _sendAt };
        var preview = new Command("preview", "Count who a campaign would reach now, per sender, and show a few texts; nothing is stored or sent.");
        foreach (var option in definition)
        {
            create.Options.Add(option);
            preview.Options.Add(option);
        }

        return new Command(Name, "Campaigns (群发): tag- and segment-targeted mass messages through the admin API.")
        {
            Sub(create, CreateAsync),
            Sub(preview, PreviewAsync),
            Sub(new Command("list", "The corp's campaigns, newest first, with their figures."), ListAsync),
            Sub(new Command("show", "One campaign: status, figures and its WeCom tasks.") { _id }, ShowAsync),
            Sub(new Command("results", "Per customer: sender and status.") { _id, _csv }, ResultsAsync),
            Sub(new Command("cancel", "Cancel a campaign (tasks not sent yet are stopped at WeCom).") { _id }, CancelAsync),
        };
    }

    private Command Sub(Command command, Func<ParseResult, HttpClient, CancellationToken, Task<int>> action)
    {
        command.Options.Add(_corp.Option);
        foreach (var option in _admin.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} {command.Name}", async () =>
        {
            using var http = _admin.CreateClient(parseResult);
            return await action(parseResult, http, cancellationToken);
        }));
        return command;
    }

    private string Path(ParseResult p, string rest = "") => CorpPath(_corp.Resolve(p, _context), "campaigns" + rest);

    private string IdPath(ParseResult p, string rest = "") => Path(p, "/" + Uri.EscapeDataString(p.GetRequiredValue(_id)) + rest);

    private async Task<int> CreateAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var body = await BodyAsync(p, ct);
        body["id"] = p.GetRequiredValue(_id);
        body["name"] = p.GetValue(_name) ?? (string?)body["name"] ?? p.GetRequiredValue(_id);
        if (p.GetValue(_sendAt) is { } sendAt)
        {
            body["sendAt"] = sendAt;
        }

        if (await SendAsync(_context, http, HttpMethod.Post, Path(p), body, ct) is not JsonObject c)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]created[/] campaign [bold]{Text(c["id"])}[/] ({Text(c["name"])}), {Text(c["status"])}, sending at {Text(c["sendAt"])}");
        return ExitCodes.Success;
    }

    private async Task<int> PreviewAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Post, Path(p, "/preview"), await BodyAsync(p, ct), ct) is not JsonObject preview)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated(
            $"audience [bold]{Text(preview["matched"])}[/] matched, {Text(preview["skippedByLimit"])} over the monthly limit, [bold]{Text(preview["recipients"])}[/] to send to in {Text(preview["tasks"])} WeCom task(s) (month {Text(preview["month"])})");
        var senders = new Table().AddColumns("sender", "customers", "tasks");
        foreach (var s in preview["senders"]!.AsArray())
        {
            senders.AddRow(Cells(Text(s!["userId"]), Text(s["customers"]), Text(s["tasks"])));
        }

        _context.Out.Write(senders);
        var samples = new Table().AddColumns("customer", "name", "sender", "text");
        foreach (var s in preview["samples"]!.AsArray())
        {
            samples.AddRow(Cells(Text(s!["externalUserId"]), Text(s["name"]), Text(s["sender"]), Text(s["text"])));
        }

        _context.Out.Write(samples);
        return ExitCodes.Success;
    }

    private async Task<int> ListAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, Path(p), null, ct) is not JsonArray campaigns)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("id", "name", "status", "send at", "audience", "skipped", "tasks", "sent", "not friend", "over limit", "failed", "unsent");
        foreach (var c in campaigns)
        {
            var n = c!["counts"]!;
            table.AddRow(Cells(
                Text(c["id"]), Text(c["name"]), Text(c["status"]), Time(c["sendAt"]), Text(n["audience"]), Text(n["skippedByLimit"]), Text(n["tasks"]),
                Text(n["sent"]), Text(n["notFriend"]), Text(n["overLimit"]), Text(n["failed"]), Text(n["unsent"])));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> ShowAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, IdPath(p), null, ct) is not JsonObject c)
        {
            return ExitCodes.Failure;
        }

        var n = c["counts"]!;
        _context.Out.MarkupLineInterpolated($"campaign [bold]{Text(c["id"])}[/] ({Text(c["name"])}): [bold]{Text(c["status"])}[/], send at {Time(c["sendAt"])}");
        _context.Out.MarkupLineInterpolated(
            $"audience {Text(n["audience"])}, skipped by the monthly limit {Text(n["skippedByLimit"])}, tasks {Text(n["tasks"])} ({Text(n["failedTasks"])} refused), members sent {Text(n["membersSent"])}/{Text(n["members"])}");
        _context.Out.MarkupLineInterpolated(
            $"sent {Text(n["sent"])}, not friend {Text(n["notFriend"])}, over limit {Text(n["overLimit"])}, failed {Text(n["failed"])}, unsent {Text(n["unsent"])}");
        var tasks = new Table().AddColumns("task", "sender", "msgid", "customers", "failed", "member sent", "errcode");
        foreach (var t in c["tasks"]?.AsArray() ?? [])
        {
            tasks.AddRow(Cells(Text(t!["key"]), Text(t["sender"]), Text(t["msgId"]), Text(t["customers"]), Text(t["failed"]), (bool?)t["memberSent"] == true ? "yes" : "no", Text(t["errCode"])));
        }

        _context.Out.Write(tasks);
        return ExitCodes.Success;
    }

    private async Task<int> ResultsAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, IdPath(p, "/results"), null, ct) is not JsonArray rows)
        {
            return ExitCodes.Failure;
        }

        if (p.GetValue(_csv))
        {
            _context.Out.WriteLine("external_userid,sender,status");
            foreach (var r in rows)
            {
                _context.Out.WriteLine($"{Text(r!["externalUserId"])},{Text(r["sender"])},{Text(r["status"])}");
            }

            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("customer", "sender", "status");
        foreach (var r in rows)
        {
            table.AddRow(Cells(Text(r!["externalUserId"]), Text(r["sender"]), Text(r["status"])));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> CancelAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Post, IdPath(p, "/cancel"), null, ct) is not JsonObject c)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"campaign [bold]{Text(c["id"])}[/] cancelled: its next step stops what was not sent and publishes CampaignDelivered");
        return ExitCodes.Success;
    }

    /// <summary>The body of create and preview: the file's, then the options over it.</summary>
    private async Task<JsonObject> BodyAsync(ParseResult p, CancellationToken ct)
    {
        var body = new JsonObject();
        if (p.GetValue(_file) is { } file)
        {
            try
            {
                body = JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, ct)) as JsonObject
                    ?? throw new CliUsageException($"--file {file.Name} is not a JSON object.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                throw new CliUsageException($"--file {file.Name} cannot be read as JSON: {ex.Message}");
            }
        }

        var audience = body["audience"] as JsonObject ?? [];
        var tags = audience["tags"] as JsonObject ?? [];
        SetTags(tags, "all", p.GetValue(_tagAll));
        SetTags(tags, "any", p.GetValue(_tagAny));
        SetTags(tags, "none", p.GetValue(_tagNone));
        if (tags.Count > 0)
        {
            audience["tags"] = tags.DeepClone();
        }

        SetList(audience, "stages", p.GetValue(_stages));
        SetList(audience, "segments", p.GetValue(_segments));
        SetList(audience, "channels", p.GetValue(_channels));
        SetList(audience, "employees", p.GetValue(_employees));
        SetDay(audience, "addedFrom", p.GetValue(_addedFrom), "--added-from");
        SetDay(audience, "addedTo", p.GetValue(_addedTo), "--added-to");
        body["audience"] = audience.DeepClone();

        var content = body["content"] as JsonObject ?? [];
        if (p.GetValue(_text) is { } text)
        {
            content["text"] = text;
        }

        var attachments = content["attachments"] as JsonArray ?? [];
        if (p.GetValue(_imageUrl) is { } picUrl)
        {
            attachments.Add(new JsonObject { ["type"] = "image", ["picUrl"] = picUrl });
        }

        if (p.GetValue(_imageMediaId) is { } mediaId)
        {
            attachments.Add(new JsonObject { ["type"] = "image", ["mediaId"] = mediaId });
        }

        if (p.GetValue(_linkTitle) is not null || p.GetValue(_linkUrl) is not null)
        {
            attachments.Add(new JsonObject { ["type"] = "link", ["title"] = p.GetValue(_linkTitle), ["url"] = p.GetValue(_linkUrl) });
        }

        if (attachments.Count > 0)
        {
            content["attachments"] = attachments.DeepClone();
        }

        body["content"] = content.DeepClone();
        return body;
    }

    private static void SetTags(JsonObject tags, string name, string[]? values)
    {
        if (values is not { Length: > 0 })
        {
            return;
        }

        var list = new JsonArray();
        foreach (var value in values)
        {
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == value.Length - 1)
            {
                throw new CliUsageException($"--tag-{name} takes GROUP/NAME, e.g. 兴趣/爱水果 (got '{value}').");
            }

            list.Add(new JsonObject { ["group"] = value[..slash], ["name"] = value[(slash + 1)..] });
        }

        tags[name] = list;
    }

    private static void SetList(JsonObject audience, string name, string[]? values)
    {
        if (values is { Length: > 0 })
        {
            audience[name] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
    }

    private static void SetDay(JsonObject audience, string name, string? value, string option)
    {
        if (value is null)
        {
            return;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new CliUsageException($"{option} takes a day, yyyy-MM-dd (got '{value}').");
        }

        audience[name] = value;
    }

    private static string Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : Text(node);

    private static string[] Cells(params string[] values) => [.. values.Select(Markup.Escape)];
}
