using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using WeComGateway.Cli.Leads;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw leads import FILE.csv | settings | report | show LEAD</c>: a corp's lead pool through the admin API.
/// Phone numbers are sent to the admin API only; the CLI never prints one (rejections name the CSV line).
/// </summary>
internal sealed class LeadsCommand
{
    public const string Name = "leads";

    /// <summary>Leads per admin API request (its limit).</summary>
    public const int ImportChunk = 5000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CliContext _context;
    private readonly AdminApiConnection _admin;

    private readonly EnvironmentOption _corp = CorpIdOption.Create();

    private readonly Argument<FileInfo> _file = new("FILE") { Description = "A CSV file: a header naming phone, name, source, tags (tags separated by ';')." };

    private readonly Option<string> _defaultSource = new("--source") { Description = "The source of rows that name none [default: import].", HelpName = "source" };

    private readonly Option<string?> _mode = new("--mode") { Description = "round-robin or weighted.", HelpName = "mode" };

    private readonly Option<string[]> _employees = new("--employee")
    {
        Description = "An employee who takes leads: userid[:weight[:daily-cap]] (repeat for each).",
        HelpName = "userid[:weight[:cap]]",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int?> _dailyCap = new("--daily-cap") { Description = "Leads per employee per day unless the employee has a cap.", HelpName = "n" };

    private readonly Option<string?> _convertWithin = new("--convert-within")
    {
        Description = "How long an employee has to add the customer before the lead goes to the next one (e.g. 2d, 12h, 30m, or 1.00:00:00).",
        HelpName = "time",
    };

    private readonly Argument<string> _leadId = new("LEAD") { Description = "The lead id (12 hex characters)." };

    private LeadsCommand(CliContext context)
    {
        _context = context;
        _admin = new AdminApiConnection(context);
    }

    public static Command Create(CliContext context) => new LeadsCommand(context).Build();

    private Command Build()
    {
        var import = new Command("import", "Import leads from a CSV file into the corp's pool; the workers assign them at once.") { _file, _defaultSource };
        var settings = new Command("settings", "Show, or with options set, how the corp's leads are spread.") { _mode, _employees, _dailyCap, _convertWithin };
        var report = new Command("report", "Leads imported, assigned, converted and returned per employee and source.");
        var show = new Command("show", "One lead: status, employee, deadline, conversion (phone masked).") { _leadId };
        foreach (var command in new[] { import, settings, report, show })
        {
            command.Options.Add(_corp.Option);
            foreach (var option in _admin.Options)
            {
                command.Options.Add(option);
            }
        }

        import.SetAction((p, ct) => CommandRunner.RunAsync(_context, $"{Name} import", () => ImportAsync(p, ct)));
        settings.SetAction((p, ct) => CommandRunner.RunAsync(_context, $"{Name} settings", () => SettingsAsync(p, ct)));
        report.SetAction((p, ct) => CommandRunner.RunAsync(_context, $"{Name} report", () => ReportAsync(p, ct)));
        show.SetAction((p, ct) => CommandRunner.RunAsync(_context, $"{Name} show", () => ShowAsync(p, ct)));
        return new Command(Name, "A corp's lead pool (批量加好友) through the admin API.") { import, settings, report, show };
    }

    private async Task<int> ImportAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var file = parseResult.GetRequiredValue(_file);
        if (!file.Exists)
        {
            throw new CliUsageException($"{file.FullName} does not exist.");
        }

        IReadOnlyList<LeadRow> rows;
        using (var reader = new StreamReader(file.FullName, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            rows = LeadCsv.Read(reader, parseResult.GetValue(_defaultSource) is { Length: > 0 } source ? source : "import");
        }

        if (rows.Count == 0)
        {
            throw new CliUsageException("the CSV file holds no lead.");
        }

        var corpId = _corp.Resolve(parseResult, _context);
        using var http = _admin.CreateClient(parseResult);
        int imported = 0, duplicates = 0, rejected = 0;
        foreach (var chunk in rows.Chunk(ImportChunk))
        {
            var body = new { leads = chunk.Select(r => new { phone = r.Phone, name = r.Name, source = r.Source, tags = r.Tags }) };
            using var response = await SendAsync(() => http.PostAsJsonAsync(LeadsPath(corpId), body, Json, cancellationToken), http);
            if (response is null || !response.IsSuccessStatusCode)
            {
                return await RefusedAsync(response, corpId, cancellationToken);
            }

            var answer = (await response.Content.ReadFromJsonAsync<ImportAnswer>(Json, cancellationToken))!;
            imported += answer.Imported;
            duplicates += answer.Duplicates;
            rejected += answer.Rejected.Count;
            foreach (var rejection in answer.Rejected)
            {
                _context.Error.MarkupLineInterpolated($"[yellow]line {chunk[rejection.Index].Line}:[/] {rejection.Error}");
            }
        }

        _context.Out.MarkupLineInterpolated($"[green]{imported}[/] leads imported into [bold]{corpId}[/], {duplicates} already known, {rejected} rejected.");
        return rejected > 0 && imported + duplicates == 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    private async Task<int> SettingsAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var corpId = _corp.Resolve(parseResult, _context);
        var employees = parseResult.GetValue(_employees) ?? [];
        var mode = parseResult.GetValue(_mode);
        var cap = parseResult.GetValue(_dailyCap);
        var within = parseResult.GetValue(_convertWithin);
        using var http = _admin.CreateClient(parseResult);
        HttpResponseMessage? response;
        if (employees.Length == 0 && mode is null && cap is null && within is null)
        {
            response = await SendAsync(() => http.GetAsync(LeadsPath(corpId) + "/settings", cancellationToken), http);
        }
        else
        {
            if (employees.Length == 0)
            {
                throw new CliUsageException("name the employees who take leads: --employee userid[:weight[:cap]] (repeat for each).");
            }

            var settings = new Settings(
                mode ?? (employees.Any(e => e.Contains(':', StringComparison.Ordinal)) ? "weighted" : "round-robin"),
                [.. employees.Select(Employee)],
                cap ?? 50,
                within is null ? TimeSpan.FromDays(1) : Duration(within));
            response = await SendAsync(() => http.PutAsJsonAsync(LeadsPath(corpId) + "/settings", settings, Json, cancellationToken), http);
        }

        using (response)
        {
            if (response is null || !response.IsSuccessStatusCode)
            {
                return await RefusedAsync(response, corpId, cancellationToken);
            }

            var stored = (await response.Content.ReadFromJsonAsync<Settings>(Json, cancellationToken))!;
            var table = new Table().AddColumns("employee", "weight", "daily cap");
            foreach (var e in stored.Employees)
            {
                table.AddRow(Markup.Escape(e.UserId), (stored.Mode == "weighted" ? e.Weight : 1).ToString(CultureInfo.InvariantCulture), (e.DailyCap ?? stored.DailyCap).ToString(CultureInfo.InvariantCulture));
            }

            _context.Out.MarkupLineInterpolated($"[bold]{corpId}[/]: {stored.Mode}, convert within {stored.ConvertWithin}");
            _context.Out.Write(table);
            return ExitCodes.Success;
        }
    }

    private async Task<int> ReportAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var corpId = _corp.Resolve(parseResult, _context);
        using var http = _admin.CreateClient(parseResult);
        using var response = await SendAsync(() => http.GetAsync(LeadsPath(corpId) + "/report", cancellationToken), http);
        if (response is null || !response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, corpId, cancellationToken);
        }

        var report = (await response.Content.ReadFromJsonAsync<Report>(Json, cancellationToken))!;
        var table = new Table().AddColumns("employee", "source", "imported", "assigned", "converted", "returned", "conversion");
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.UserId.Length == 0 ? "(pool)" : row.UserId),
                Markup.Escape(row.Source),
                N(row.Imported), N(row.Assigned), N(row.Converted), N(row.Returned),
                row.ConversionRate is { } rate ? (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-");
        }

        _context.Out.Write(table);
        return ExitCodes.Success;

        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<int> ShowAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var corpId = _corp.Resolve(parseResult, _context);
        var leadId = parseResult.GetRequiredValue(_leadId).Trim();
        using var http = _admin.CreateClient(parseResult);
        using var response = await SendAsync(() => http.GetAsync($"{LeadsPath(corpId)}/{Uri.EscapeDataString(leadId)}", cancellationToken), http);
        if (response is null || !response.IsSuccessStatusCode)
        {
            return await RefusedAsync(response, corpId, cancellationToken);
        }

        var lead = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken))!;
        var table = new Table().AddColumns("field", "value");
        foreach (var property in lead.EnumerateObject())
        {
            table.AddRow(Markup.Escape(property.Name), Markup.Escape(property.Value.ValueKind == JsonValueKind.Null ? "-" : property.Value.ToString()));
        }

        _context.Out.Write(table);
        return ExitCodes.Success;
    }

    private static string LeadsPath(string corpId) => $"admin/corps/{Uri.EscapeDataString(corpId)}/leads";

    /// <summary><c>userid[:weight[:cap]]</c>.</summary>
    private static EmployeeSetting Employee(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length > 3 || parts[0].Length == 0)
        {
            throw new CliUsageException($"--employee {spec}: expected userid[:weight[:cap]].");
        }

        int? Number(int index) => parts.Length > index
            ? int.TryParse(parts[index], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new CliUsageException($"--employee {spec}: weight and cap are whole numbers.")
            : null;
        return new EmployeeSetting(parts[0], Number(1) ?? 1, Number(2));
    }

    /// <summary><c>2d</c>, <c>12h</c>, <c>30m</c>, <c>90s</c>, or a TimeSpan (<c>1.00:00:00</c>).</summary>
    internal static TimeSpan Duration(string text)
    {
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 'd': return TimeSpan.FromDays(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 's': return TimeSpan.FromSeconds(amount);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new CliUsageException($"--convert-within {text}: expected e.g. 2d, 12h, 30m or 1.00:00:00.");
    }

    private async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send, HttpClient http)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            _context.Error.MarkupLineInterpolated($"[red]error:[/] the admin API at {http.BaseAddress} is unreachable: {ex.Message}");
            return null;
        }
    }

    private async Task<int> RefusedAsync(HttpResponseMessage? response, string corpId, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return ExitCodes.Failure;
        }

        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken) is { } problem
            ? $"{problem.Title}: {problem.Detail}{(problem.Errors is { } errors ? " " + string.Join("; ", errors.SelectMany(e => e.Value)) : string.Empty)}"
            : await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "the admin API refused the key",
            HttpStatusCode.NotFound => $"corp {corpId}: not found",
            _ => $"the admin API answered {(int)response.StatusCode}",
        };
        _context.Error.MarkupLineInterpolated($"[red]error:[/] {reason} ({detail})");
        return ExitCodes.Failure;
    }

    private sealed record ImportAnswer(int Imported, int Duplicates, IReadOnlyList<Rejection> Rejected);

    private sealed record Rejection(int Index, string Error);

    private sealed record EmployeeSetting(string UserId, int Weight, int? DailyCap);

    private sealed record Settings(string Mode, IReadOnlyList<EmployeeSetting> Employees, int DailyCap, TimeSpan ConvertWithin);

    private sealed record ReportRow(string UserId, string Source, long Imported, long Assigned, long Converted, long Returned, double? ConversionRate);

    private sealed record Report(string CorpId, IReadOnlyList<ReportRow> Rows);

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
