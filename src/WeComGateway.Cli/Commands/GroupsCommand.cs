using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using static WeComGateway.Cli.Commands.AdminJsonCalls;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw groups …</c>: group codes through the admin API — join ways (<c>join-ways list|add|remove</c>: 加入群聊
/// QR codes over 1–5 customer groups, joins counted per way) and group welcome templates (<c>templates list|add|remove</c>).
/// </summary>
internal sealed class GroupsCommand
{
    public const string Name = "groups";

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;
    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Argument<string> _configId = new("CONFIG_ID") { Description = "The join way's config id." };
    private readonly Argument<string> _templateId = new("TEMPLATE_ID") { Description = "The template id." };
    private readonly Option<string[]> _chats = new("--chat") { Description = "A customer group chat id (1 to 5); repeat.", Required = true, AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _scene = BoundedIntOption.Create("--scene", "1 mini-program plug-in, 2 QR code.", "scene", 2, 1, 2);
    private readonly Option<string?> _state = new("--state") { Description = "The way's state (≤ 30 characters)." };
    private readonly Option<string?> _remark = new("--remark") { Description = "A note (≤ 30 characters)." };
    private readonly Option<bool> _autoCreate = new("--auto-create-room") { Description = "Open a new group when the chats are full." };
    private readonly Option<string?> _roomBaseName = new("--room-base-name") { Description = "Name of the groups opened when full (≤ 40 characters)." };
    private readonly Option<int?> _roomBaseId = BoundedIntOption.CreateOptional("--room-base-id", "Number of the first group opened when full.", "n", 1, int.MaxValue);
    private readonly Option<string> _name = new("--name") { Description = "What the template is called here.", Required = true };
    private readonly Option<string?> _text = new("--text") { Description = "The welcome text (≤ 4000 bytes)." };
    private readonly Option<string?> _linkTitle = new("--link-title") { Description = "A link attachment's title." };
    private readonly Option<string?> _linkUrl = new("--link-url") { Description = "A link attachment's URL." };
    private readonly Option<bool> _noNotify = new("--no-notify") { Description = "Do not tell the members about the new template." };

    private GroupsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new GroupsCommand(context).Build();

    private Command Build()
    {
        var ways = new Command("join-ways", "加入群聊 ways the gateway made: QR codes over customer groups, joins counted per way.")
        {
            Sub(new Command("list", "The join ways with their join counts.") { _corp.Option }, ListWaysAsync),
            Sub(new Command("add", "Make a join way.") { _corp.Option, _chats, _scene, _state, _remark, _autoCreate, _roomBaseName, _roomBaseId }, AddWayAsync),
            Sub(new Command("remove", "Delete a join way in WeCom and here.") { _corp.Option, _configId }, RemoveWayAsync),
        };
        var templates = new Command("templates", "Group welcome templates (入群欢迎语素材).")
        {
            Sub(new Command("list", "The templates the gateway made.") { _corp.Option }, ListTemplatesAsync),
            Sub(new Command("add", "Add a template: text and at most one link.") { _corp.Option, _name, _text, _linkTitle, _linkUrl, _noNotify }, AddTemplateAsync),
            Sub(new Command("remove", "Delete a template.") { _corp.Option, _templateId }, RemoveTemplateAsync),
        };
        return new Command(Name, "Group codes: join ways and group welcome templates.") { ways, templates };
    }

    private Command Sub(Command command, Func<ParseResult, HttpClient, CancellationToken, Task<int>> action)
    {
        foreach (var option in _admin.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} … {command.Name}", async () =>
        {
            using var http = _admin.CreateClient(parseResult);
            return await action(parseResult, http, cancellationToken);
        }));
        return command;
    }

    private async Task<int> ListWaysAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "join-ways"), null, ct) is not JsonArray ways)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("config id", "state", "chats", "store", "joins", "qr code");
        foreach (var w in ways.OfType<JsonObject>())
        {
            table.AddRow(Cells(w["configId"], w["state"], w["chatIds"], w["storeId"], w["joins"], w["qrCode"]));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> AddWayAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var body = new
        {
            scene = p.GetValue(_scene), chatIds = p.GetValue(_chats) ?? [], remark = p.GetValue(_remark), state = p.GetValue(_state),
            autoCreateRoom = p.GetValue(_autoCreate), roomBaseName = p.GetValue(_roomBaseName), roomBaseId = p.GetValue(_roomBaseId),
        };
        if (await SendAsync(_context, http, HttpMethod.Post, CorpPath(_corp.Resolve(p, _context), "join-ways"), body, ct) is not JsonObject way)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Join way [bold]{Text(way["configId"])}[/] made: QR {Text(way["qrCode"])}");
        return ExitCodes.Success;
    }

    private async Task<int> RemoveWayAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var id = p.GetRequiredValue(_configId);
        if (await SendAsync(_context, http, HttpMethod.Delete, CorpPath(_corp.Resolve(p, _context), $"join-ways/{Uri.EscapeDataString(id)}"), null, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Join way [bold]{id}[/] deleted.");
        return ExitCodes.Success;
    }

    private async Task<int> ListTemplatesAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "group-welcome-templates"), null, ct) is not JsonArray templates)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("template id", "name", "text", "attachment");
        foreach (var t in templates.OfType<JsonObject>())
        {
            table.AddRow(Cells(t["templateId"], t["name"], t["text"], t["attachmentType"]));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> AddTemplateAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var (title, url) = (p.GetValue(_linkTitle), p.GetValue(_linkUrl));
        if ((title is null) != (url is null))
        {
            throw new CliUsageException("a link needs both --link-title and --link-url.");
        }

        var body = new { name = p.GetRequiredValue(_name), text = p.GetValue(_text), link = title is null ? null : new { title, url }, notify = !p.GetValue(_noNotify) };
        if (await SendAsync(_context, http, HttpMethod.Post, CorpPath(_corp.Resolve(p, _context), "group-welcome-templates"), body, ct) is not JsonObject template)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Template [bold]{Text(template["templateId"])}[/] added.");
        return ExitCodes.Success;
    }

    private async Task<int> RemoveTemplateAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var id = p.GetRequiredValue(_templateId);
        if (await SendAsync(_context, http, HttpMethod.Delete, CorpPath(_corp.Resolve(p, _context), $"group-welcome-templates/{Uri.EscapeDataString(id)}"), null, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Template [bold]{id}[/] deleted.");
        return ExitCodes.Success;
    }

    private static string[] Cells(params object?[] values) =>
        [.. values.Select(v => Markup.Escape(v is JsonNode node ? Text(node) : v?.ToString() ?? ""))];
}
