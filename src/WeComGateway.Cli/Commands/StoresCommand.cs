using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using static WeComGateway.Cli.Commands.AdminJsonCalls;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw stores …</c>: store codes (区域扫码) through the admin API — stores (<c>list</c>, <c>set</c>,
/// <c>remove</c>), store campaigns (<c>campaign</c>, <c>campaigns</c>, <c>report</c>) and a landing's resolution
/// (<c>resolve</c>: the nearest open store and its code).
/// </summary>
internal sealed class StoresCommand
{
    public const string Name = "stores";

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;
    private readonly EnvironmentOption _corp = CorpIdOption.Create();
    private readonly Argument<string> _store = new("STORE") { Description = "The store id (a-z, 0-9, '-', at most 14)." };
    private readonly Argument<string> _campaign = new("CAMPAIGN") { Description = "The campaign id (a-z, 0-9, '-', at most 12)." };
    private readonly Option<string> _name = new("--name") { Description = "The display name.", Required = true };
    private readonly Option<double> _lat = new("--lat") { Description = "Latitude, decimal degrees.", Required = true };
    private readonly Option<double> _lng = new("--lng") { Description = "Longitude, decimal degrees.", Required = true };
    private readonly Option<string?> _address = new("--address") { Description = "The street address." };
    private readonly Option<bool> _closed = new("--closed") { Description = "Closed by hand: never handed out." };
    private readonly Option<string?> _hours = new("--hours") { Description = "Daily opening hours HH:mm-HH:mm (StoreCodes:TimeZone)." };
    private readonly Option<string[]> _employees = new("--employee") { Description = "An employee (userid) of the store's contact code; repeat.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _chats = new("--chat") { Description = "A group chat id of the store's group code (at most 5); repeat.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string> _kind = new("--kind") { Description = "contact (employees) or group (chats).", DefaultValueFactory = _ => "contact" };
    private readonly Option<double?> _maxKm = new("--max-km") { Description = "Hand out no store farther than this." };
    private readonly Option<string[]> _stores = new("--store") { Description = "A store the campaign covers (default: all); repeat.", AllowMultipleArgumentsPerToken = true };

    private StoresCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new StoresCommand(context).Build();

    private Command Build()
    {
        var list = Sub(new Command("list", "The corp's stores.") { _corp.Option }, ListAsync);
        var set = Sub(new Command("set", "Create or replace a store.") { _corp.Option, _store, _name, _lat, _lng, _address, _closed, _hours, _employees, _chats }, SetAsync);
        var remove = Sub(new Command("remove", "Remove a store (its codes keep counting).") { _corp.Option, _store }, RemoveAsync);
        var campaign = Sub(new Command("campaign", "Create or replace a store campaign.") { _corp.Option, _campaign, _name, _kind, _maxKm, _stores }, CampaignAsync);
        var campaigns = Sub(new Command("campaigns", "The corp's store campaigns.") { _corp.Option }, CampaignsAsync);
        var report = Sub(new Command("report", "A campaign's stores: code, state, resolutions, adds, group joins.") { _corp.Option, _campaign }, ReportAsync);
        var resolve = Sub(new Command("resolve", "What the campaign's landing answers for a position: the nearest open store and its code.") { _corp.Option, _campaign, _lat, _lng }, ResolveAsync);
        return new Command(Name, "Store codes (区域扫码): stores, store campaigns, the nearest open store's code.")
        {
            list, set, remove, campaign, campaigns, report, resolve,
        };
    }

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

    private async Task<int> ListAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "stores"), null, ct) is not JsonArray stores)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("store", "name", "lat", "lng", "open", "hours", "employees", "chats");
        foreach (var s in stores.OfType<JsonObject>())
        {
            table.AddRow(Cells(s["id"], s["name"], s["latitude"], s["longitude"], s["open"], s["hours"], s["employees"], s["chatIds"]));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> SetAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var body = new
        {
            name = p.GetRequiredValue(_name), latitude = p.GetValue(_lat), longitude = p.GetValue(_lng), address = p.GetValue(_address),
            open = !p.GetValue(_closed), hours = p.GetValue(_hours), employees = p.GetValue(_employees) ?? [], chatIds = p.GetValue(_chats) ?? [],
        };
        var store = p.GetRequiredValue(_store);
        if (await SendAsync(_context, http, HttpMethod.Put, CorpPath(_corp.Resolve(p, _context), $"stores/{Uri.EscapeDataString(store)}"), body, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Store [bold]{store}[/] saved.");
        return ExitCodes.Success;
    }

    private async Task<int> RemoveAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var store = p.GetRequiredValue(_store);
        if (await SendAsync(_context, http, HttpMethod.Delete, CorpPath(_corp.Resolve(p, _context), $"stores/{Uri.EscapeDataString(store)}"), null, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Store [bold]{store}[/] removed.");
        return ExitCodes.Success;
    }

    private async Task<int> CampaignAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var campaign = p.GetRequiredValue(_campaign);
        var body = new { name = p.GetRequiredValue(_name), kind = p.GetValue(_kind), maxDistanceKm = p.GetValue(_maxKm), storeIds = p.GetValue(_stores) ?? [] };
        if (await SendAsync(_context, http, HttpMethod.Put, CorpPath(_corp.Resolve(p, _context), $"store-campaigns/{Uri.EscapeDataString(campaign)}"), body, ct) is null)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"Store campaign [bold]{campaign}[/] saved.");
        return ExitCodes.Success;
    }

    private async Task<int> CampaignsAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        if (await SendAsync(_context, http, HttpMethod.Get, CorpPath(_corp.Resolve(p, _context), "store-campaigns"), null, ct) is not JsonArray campaigns)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("campaign", "name", "kind", "max km", "stores");
        foreach (var c in campaigns.OfType<JsonObject>())
        {
            table.AddRow(Cells(c["id"], c["name"], c["kind"], c["maxDistanceKm"], c["storeIds"] is JsonArray { Count: > 0 } ids ? ids : "all"));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> ReportAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var path = CorpPath(_corp.Resolve(p, _context), $"store-campaigns/{Uri.EscapeDataString(p.GetRequiredValue(_campaign))}");
        if (await SendAsync(_context, http, HttpMethod.Get, path, null, ct) is not JsonObject detail)
        {
            return ExitCodes.Failure;
        }

        var table = new Table().AddColumns("store", "name", "state", "resolved", "adds", "joins", "qr code");
        foreach (var s in (detail["stores"] as JsonArray ?? []).OfType<JsonObject>())
        {
            table.AddRow(Cells(s["storeId"], s["storeName"], s["state"], s["resolved"], s["adds"], s["joins"], s["qrCode"]));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private async Task<int> ResolveAsync(ParseResult p, HttpClient http, CancellationToken ct)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"resolve?lat={p.GetValue(_lat)}&lng={p.GetValue(_lng)}");
        var path = CorpPath(_corp.Resolve(p, _context), $"store-campaigns/{Uri.EscapeDataString(p.GetRequiredValue(_campaign))}/{query}");
        if (await SendAsync(_context, http, HttpMethod.Get, path, null, ct) is not JsonObject r)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated(
            $"Store [bold]{Text(r["storeId"])}[/] ({Text(r["storeName"])}), {Text(r["distanceKm"])} km: {Text(r["kind"])} code, state {Text(r["state"])}, QR {Text(r["qrCode"])}");
        return ExitCodes.Success;
    }

    private static string[] Cells(params object?[] values) =>
        [.. values.Select(v => Markup.Escape(v is JsonNode node ? Text(node) : v?.ToString() ?? ""))];
}
