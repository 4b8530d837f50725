using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using static WeComGateway.Cli.Commands.AdminJsonCalls;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw moments create|list|show</c>: a corp's customer moments (客户朋友圈, 企业发表) through the admin API. Images,
/// videos and a link's cover are media ids of media/upload_attachment (attachment_type 1).
/// </summary>
internal sealed class MomentsCommand
{
    public const string Name = "moments";

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;
    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Option<string?> _id = new("--id") { Description = "The moment id (1..40 of [A-Za-z0-9_-]) [default: a fresh one]; repeating a create with it creates nothing twice.", HelpName = "id" };
    private readonly Option<string?> _text = new("--text") { Description = "The text (≤ 2000 characters).", HelpName = "text" };
    private readonly Option<string[]> _tags = new("--tag") { Description = "A customer tag, group/name (e.g. 客户等级/VIP): its customers see the moment; repeat.", HelpName = "group/name" };
    private readonly Option<string[]> _employees = new("--employee") { Description = "A member (userid) asked to publish it; repeat.", HelpName = "userid" };
    private readonly Option<string[]> _images = new("--image-media-id") { Description = "An image (upload_attachment media id); up to 9, repeat.", HelpName = "media_id" };
    private readonly Option<string[]> _imagePaths = new("--image-path") { Description = "An image file under the gateway's Media:Root, uploaded by the gateway; repeat.", HelpName = "path" };
    private readonly Option<string[]> _imageUrls = new("--image-url") { Description = "An image URL the gateway downloads and uploads; repeat.", HelpName = "url" };
    private readonly Option<string?> _video = new("--video-media-id") { Description = "A video (upload_attachment media id).", HelpName = "media_id" };
    private readonly Option<string?> _linkTitle = new("--link-title") { Description = "A link's title (≤ 64 bytes).", HelpName = "title" };
    private readonly Option<string?> _linkUrl = new("--link-url") { Description = "A link's URL.", HelpName = "url" };
    private readonly Option<string?> _linkMedia = new("--link-media-id") { Description = "A link's cover image (upload_attachment media id; WeCom requires one).", HelpName = "media_id" };
    private readonly Argument<string> _momentId = new("ID") { Description = "The moment id." };

    private MomentsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new MomentsCommand(context).Build();

    private Command Build() => new(Name, "Customer moments (客户朋友圈): create one for a tag audience and follow its WeCom task.")
    {
        Sub(new Command("create", "Create a moment: text and/or images, a video or a link, for customers with tags and/or for employees.")
        {
            _corp.Option, _id, _text, _tags, _employees, _images, _imagePaths, _imageUrls, _video, _linkTitle, _linkUrl, _linkMedia,
        }, CreateAsync),
        Sub(new Command("list", "The corp's moments, newest first.") { _corp.Option }, ListAsync),
        Sub(new Command("show", "One moment: its task's status and result.") { _corp.Option, _momentId }, ShowAsync),
    };

    private Command Sub(Command command, Func<ParseResult, HttpClient, CancellationToken, Task<int>> action)
    {
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

    private async Task<int> CreateAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var attachments = new List<object>();
        attachments.AddRange((p.GetValue(_images) ?? []).Select(id => new { type = "image", mediaId = id }));
        attachments.AddRange((p.GetValue(_imagePaths) ?? []).Select(path => new { type = "image", path }));
        attachments.AddRange((p.GetValue(_imageUrls) ?? []).Select(mediaUrl => new { type = "image", mediaUrl }));
        if (p.GetValue(_video) is { } video)
        {
            attachments.Add(new { type = "video", mediaId = video });
        }

        if (p.GetValue(_linkUrl) is { } url)
        {
            attachments.Add(new { type = "link", mediaId = p.GetValue(_linkMedia), title = p.GetValue(_linkTitle), url });
        }
        else if (p.GetValue(_linkTitle) is not null || p.GetValue(_linkMedia) is not null)
        {
            throw new CliUsageException("--link-title and --link-media-id go with --link-url.");
        }

        var body = new
        {
            id = p.GetValue(_id),
            text = p.GetValue(_text),
            attachments,
            tags = p.GetValue(_tags) ?? [],
            employees = p.GetValue(_employees) ?? [],
        };
        if (await SendAsync(_context, http, HttpMethod.Post, CorpPath(_corp.Resolve(p, _context), "moments"), body, ct) is not JsonObject moment)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]created[/] moment [bold]{Text(moment["momentId"])}[/] ({Text(moment["status"])}): the workers create its WeCom task; follow it with 'wecomgw moments show {Text(moment["momentId"])}'");
        return ExitCodes.Success;
    }

    private async Task<int> ListAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "moments"), null, ct) is not JsonObject list)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("id", "status", "tags", "employees", "attachments", "wecom moment", "created");
        foreach (var m in (list["moments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            table.AddRow(Cells(
                Text(m["momentId"]), Text(m["status"]), Tags(m), Text(m["employees"]), Attachments(m), Text(m["weComMomentId"]),
                m["createdAt"]?.GetValue<DateTimeOffset>().ToString("u", CultureInfo.InvariantCulture) ?? ""));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> ShowAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var id = p.GetRequiredValue(_momentId);
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), $"moments/{Uri.EscapeDataString(id)}"), null, ct) is not JsonObject m)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("field", "value");
        foreach (var (field, value) in new[]
        {
            ("id", Text(m["momentId"])), ("status", Text(m["status"])), ("text", Text(m["text"])), ("attachments", Attachments(m)),
            ("tags", Tags(m)), ("employees", Text(m["employees"])), ("job id", Text(m["jobId"])), ("task status", Text(m["taskStatus"])),
            ("polls", Text(m["polls"])), ("wecom moment", Text(m["weComMomentId"])), ("invalid employees", Text(m["invalidEmployees"])),
            ("invalid tag ids", Text(m["invalidTagIds"])), ("failure", Text(m["failureReason"])), ("errcode", Text(m["errCode"])),
            ("created", Text(m["createdAt"])), ("finished", Text(m["finishedAt"])),
        })
        {
            table.AddRow(Cells(field, value));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private static string Tags(JsonObject m) =>
        string.Join(", ", (m["tags"] as JsonArray ?? []).OfType<JsonObject>().Select(t => $"{Text(t["group"])}/{Text(t["name"])}"));

    private static string Attachments(JsonObject m) =>
        string.Join(", ", (m["attachments"] as JsonArray ?? []).OfType<JsonObject>().Select(a => Text(a["type"])));

    private static string[] Cells(params string[] values) => [.. values.Select(Markup.Escape)];
}
