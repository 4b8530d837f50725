using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using static WeComGateway.Cli.Commands.AdminJsonCalls;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw webhooks add|list|remove|test</c>: a corp's outgoing webhooks (docs/webhooks.md) through the admin API.
/// <c>add</c> prints the signing secret, the only time it is shown.
/// </summary>
internal sealed class WebhooksCommand
{
    public const string Name = "webhooks";

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;
    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Option<string?> _id = new("--id") { Description = "The webhook id (1..40 of [A-Za-z0-9_-]) [default: a fresh one].", HelpName = "id" };
    private readonly Option<string> _url = new("--url") { Description = "The endpoint: https (http only to 127.0.0.1/localhost where the gateway allows it).", HelpName = "url", Required = true };
    private readonly Option<string[]> _events = new("--event") { Description = "An event to receive, a contract record name (e.g. ExternalContactAdded); repeat.", HelpName = "name", Required = true };
    private readonly Argument<string> _webhookId = new("ID") { Description = "The webhook id." };

    private WebhooksCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new WebhooksCommand(context).Build();

    private Command Build() => new(Name, "Webhooks out: HTTPS endpoints that receive chosen events, signed the Standard Webhooks way.")
    {
        Sub(new Command("add", "Subscribe an endpoint to events; prints its signing secret (whsec_…) once.") { _corp.Option, _id, _url, _events }, AddAsync),
        Sub(new Command("list", "The corp's webhooks.") { _corp.Option }, ListAsync),
        Sub(new Command("remove", "Remove a webhook.") { _corp.Option, _webhookId }, RemoveAsync),
        Sub(new Command("test", "Send a signed WebhookPing to a webhook's endpoint.") { _corp.Option, _webhookId }, TestAsync),
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

    private async Task<int> AddAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var body = new { id = p.GetValue(_id), url = p.GetRequiredValue(_url), events = p.GetValue(_events) ?? [] };
        if (await SendAsync(_context, http, HttpMethod.Post, CorpPath(_corp.Resolve(p, _context), "webhooks"), body, ct) is not JsonObject webhook)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]created[/] webhook [bold]{Text(webhook["webhookId"])}[/] for {Text(webhook["events"])}");
        _context.Out.MarkupLineInterpolated($"secret (shown once, keep it with the receiver): {Text(webhook["secret"])}");
        return ExitCodes.Success;
    }

    private async Task<int> ListAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "webhooks"), null, ct) is not JsonObject list)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("id", "url", "events", "enabled", "created");
        foreach (var w in (list["webhooks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            table.AddRow([.. new[]
            {
                Text(w["webhookId"]), Text(w["url"]), Text(w["events"]), Text(w["enabled"]),
                w["createdAt"]?.GetValue<DateTimeOffset>().ToString("u", CultureInfo.InvariantCulture) ?? "",
            }.Select(Markup.Escape)]);
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> RemoveAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var id = p.GetRequiredValue(_webhookId);
        if (await SendAsync(_context, http, HttpMethod.Delete, CorpPath(_corp.Resolve(p, _context), $"webhooks/{Uri.EscapeDataString(id)}"), null, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]removed[/] webhook [bold]{id}[/]");
        return ExitCodes.Success;
    }

    private async Task<int> TestAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var id = p.GetRequiredValue(_webhookId);
        if (await SendAsync(_context, http, HttpMethod.Post, CorpPath(_corp.Resolve(p, _context), $"webhooks/{Uri.EscapeDataString(id)}/test"), null, ct) is not JsonObject sent)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]queued[/] a WebhookPing for webhook [bold]{id}[/] (webhook-id {Text(sent["deliveryId"])}); failures show in 'wecomgw dlq'");
        return ExitCodes.Success;
    }
}
