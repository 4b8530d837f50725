using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Channels;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's channels (渠道活码) under <c>/admin/corps/{corpId}/channels</c>: list, create, read, update, delete (each a
/// WeCom contact way as well), and <c>/channels/{id}/stats?from=&amp;to=&amp;by=day|employee[&amp;format=csv]</c>.
/// A corp that holds no active grant is 404 <c>not_authorized</c>.
/// </summary>
public static class ChannelEndpoints
{
    private const int MaxTextLength = 30;
    private const int MaxNameLength = 64;
    private const int MaxOwners = 100;
    private const int MaxTags = 20;
    private const int MaxTemporarySeconds = 14 * 24 * 3600;
    private const int DefaultDays = 7;
    private const int MaxDays = 366;
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static RouteGroupBuilder MapChannelAdmin(this RouteGroupBuilder admin)
    {
        var channels = admin.MapGroup("/corps/{corpId:length(1,64)}/channels").WithTags("Channels");
        channels.MapGet("/", ListAsync).WithSummary("The corp's channel QR codes (渠道活码): state, name, campaign, owners, QR image URL.");
        channels.MapPost("/", CreateAsync).WithSummary("Create a channel: a WeCom contact way (add_contact_way, QR) and what its state means (name, campaign, medium, owners, welcome template, tags).");
        channels.MapGet("/{channelId}", GetAsync).WithSummary("One channel.");
        channels.MapPut("/{channelId}", UpdateAsync).WithSummary("Change a channel (update_contact_way: owners, remark, skip_verify; and its name, campaign, medium, welcome, tags). The state never changes.");
        channels.MapDelete("/{channelId}", DeleteAsync).WithSummary("Delete a channel and its contact way (del_contact_way); its statistics stay.");
        channels.MapGet("/{channelId}/stats", StatsAsync).WithSummary("Adds, first adds, re-adds, deletions, lost and net retained per day or per employee (the corp's day, Asia/Shanghai), with the reconciliation against WeCom; format=csv for CSV.");
        return admin;
    }

    /// <summary>What a client sends to create or change a channel.</summary>
    public sealed record ChannelRequest(
        string? Name, string? State, string? Campaign, string? Medium, IReadOnlyList<string>? Owners, string? WelcomeTemplateId,
        IReadOnlyList<ChannelTag>? Tags, bool? SkipVerify, string? Remark, int? ExpiresInSeconds);

    /// <summary>The counts of one row (a day or an employee) and the net retained (adds − lost).</summary>
    public sealed record StatsRow(
        string? Day, string? UserId, long Adds, long FirstAdds, long ReAdds, long DeletedByCustomer, long DeletedByEmployee, long Lost, long NetRetained);

    /// <param name="Reconciliation">
    /// Per day WeCom's figures were read and per employee of the channel (owners and those with counts): the gateway's
    /// counts of the employee over all channels against get_user_behavior_data (WeCom knows no channels).
    /// </param>
    public sealed record ChannelStats(
        string CorpId, string ChannelId, string Name, string State, string From, string To, string By, StatsRow Totals, IReadOnlyList<StatsRow> Rows,
        IReadOnlyList<EmployeeReconciliation> Reconciliation);

    private static async Task<Results<Ok<IReadOnlyList<Channel>>, ProblemHttpResult>> ListAsync(
        string corpId, IAuthorizationStore authorizations, IChannelStore store, CancellationToken cancellationToken) =>
        await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused ? refused : TypedResults.Ok(await store.ListAsync(corpId, cancellationToken));

    private static async Task<Results<Ok<Channel>, ProblemHttpResult>> GetAsync(
        string corpId, string channelId, IAuthorizationStore authorizations, IChannelStore store, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await store.GetAsync(corpId, channelId, cancellationToken) is { } channel ? TypedResults.Ok(channel) : NotFound(channelId);
    }

    private static async Task<Results<Created<Channel>, ProblemHttpResult>> CreateAsync(
        string corpId, ChannelRequest request, IAuthorizationStore authorizations, IChannelManager channels, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var change = await channels.CreateAsync(corpId, Spec(request), cancellationToken);
        return change.Status == ChannelChangeStatus.Done
            ? TypedResults.Created($"/admin/corps/{corpId}/channels/{change.Channel!.Id}", change.Channel)
            : Problem(corpId, change);
    }

    private static async Task<Results<Ok<Channel>, ProblemHttpResult>> UpdateAsync(
        string corpId, string channelId, ChannelRequest request, IAuthorizationStore authorizations, IChannelManager channels, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var change = await channels.UpdateAsync(corpId, channelId, Spec(request), cancellationToken);
        return change.Status == ChannelChangeStatus.Done ? TypedResults.Ok(change.Channel!) : Problem(corpId, change, channelId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string corpId, string channelId, IAuthorizationStore authorizations, IChannelManager channels, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var change = await channels.DeleteAsync(corpId, channelId, cancellationToken);
        return change.Status == ChannelChangeStatus.Done ? TypedResults.NoContent() : Problem(corpId, change, channelId);
    }

    private static async Task<IResult> StatsAsync(
        string corpId, string channelId, string? from, string? to, string? by, string? format,
        IAuthorizationStore authorizations, IChannelStore store, IChannelStatsStore stats, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (await store.GetAsync(corpId, channelId, cancellationToken) is not { } channel)
        {
            return NotFound(channelId);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Shanghai).DateTime);
        if (!TryDay(to, today, out var last) || !TryDay(from, last.AddDays(1 - DefaultDays), out var first))
        {
            return BadRequest("invalid_range", "from and to are days (yyyy-MM-dd).");
        }

        if (last < first || last.DayNumber - first.DayNumber >= MaxDays)
        {
            return BadRequest("invalid_range", $"from must not be after to, and a range spans at most {MaxDays} days.");
        }

        by ??= "day";
        if (by is not ("day" or "employee"))
        {
            return BadRequest("invalid_by", "by is day or employee.");
        }

        var days = await stats.GetAsync(corpId, ChannelBuckets.ForState(channel.State), first, last, cancellationToken);
        var total = days.Aggregate(ChannelCounters.Zero, (sum, d) => sum + d.Totals);
        IReadOnlyList<StatsRow> rows = by == "day"
            ? [.. days.Select(d => Row(DayText(d.Day), null, d.Totals))]
            : [.. days.SelectMany(d => d.ByEmployee).GroupBy(e => e.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Row(null, g.Key, g.Aggregate(ChannelCounters.Zero, (sum, e) => sum + e.Value)))];
        var employees = channel.Owners.Concat(days.SelectMany(d => d.ByEmployee.Keys)).ToHashSet(StringComparer.Ordinal);
        var reconciliation = new List<EmployeeReconciliation>();
        var allDays = (await stats.GetAsync(corpId, ChannelBuckets.All, first, last, cancellationToken)).ToDictionary(d => d.Day);
        foreach (var behavior in await stats.GetBehaviorAsync(corpId, first, last, cancellationToken))
        {
            reconciliation.AddRange(ChannelReconciliationReport.Compare(behavior.Day, behavior.Employees, allDays.GetValueOrDefault(behavior.Day))
                .Where(r => employees.Contains(r.UserId)));
        }

        var answer = new ChannelStats(corpId, channel.Id, channel.Name, channel.State, DayText(first), DayText(last), by, Row(null, null, total), rows, reconciliation);
        return format == "csv" ? TypedResults.Text(Csv(answer), "text/csv", Encoding.UTF8) : TypedResults.Ok(answer);
    }

    /// <summary>One line per row, then the total; UTF-8, comma-separated, names quoted where needed.</summary>
    private static string Csv(ChannelStats stats)
    {
        var csv = new StringBuilder();
        csv.Append(stats.By).AppendLine(",adds,first_adds,re_adds,deleted_by_customer,deleted_by_employee,lost,net_retained");
        foreach (var row in stats.Rows.Append(stats.Totals with { Day = "total" }))
        {
            csv.Append(Quote(row.Day ?? row.UserId ?? "total")).Append(',')
                .AppendJoin(',', new[] { row.Adds, row.FirstAdds, row.ReAdds, row.DeletedByCustomer, row.DeletedByEmployee, row.Lost, row.NetRetained }
                    .Select(n => n.ToString(CultureInfo.InvariantCulture)))
                .AppendLine();
        }

        return csv.ToString();

        static string Quote(string value) => value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static StatsRow Row(string? day, string? userId, ChannelCounters c) =>
        new(day, userId, c.Adds, c.FirstAdds, c.ReAdds, c.DeletedByCustomer, c.DeletedByEmployee, c.Lost, c.NetRetained);

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return text is null || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static ChannelSpec Spec(ChannelRequest r) => new()
    {
        Name = r.Name!.Trim(),
        State = string.IsNullOrEmpty(r.State) ? null : r.State,
        Campaign = r.Campaign,
        Medium = r.Medium,
        Owners = [.. r.Owners!.Select(o => o.Trim()).Distinct(StringComparer.Ordinal)],
        WelcomeTemplateId = string.IsNullOrEmpty(r.WelcomeTemplateId) ? null : r.WelcomeTemplateId,
        Tags = r.Tags ?? [],
        SkipVerify = r.SkipVerify ?? true,
        Remark = r.Remark,
        ExpiresInSeconds = r.ExpiresInSeconds,
    };

    /// <summary>WeCom's limits, checked before anything is created: state and remark ≤ 30, one owner for a temporary code, ≤ 14 days.</summary>
    internal static ProblemHttpResult? Validate(ChannelRequest r)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > MaxNameLength)
        {
            errors.Add($"name is required, at most {MaxNameLength} characters");
        }

        if (r.State is { Length: > 0 } state && (state.Length > MaxTextLength || state.Any(char.IsControl)))
        {
            errors.Add($"state is at most {MaxTextLength} characters, no control characters (WeCom's limit)");
        }

        if (r.Owners is not { Count: > 0 and <= MaxOwners } owners || owners.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"owners lists 1 to {MaxOwners} employee user ids");
        }

        if (r.Remark is { Length: > MaxTextLength })
        {
            errors.Add($"remark is at most {MaxTextLength} characters (WeCom's limit)");
        }

        if (r.Tags is { } tags && (tags.Count > MaxTags || tags.Any(t => string.IsNullOrWhiteSpace(t.Group) || string.IsNullOrWhiteSpace(t.Name) || t.Group.Length > MaxTextLength || t.Name.Length > MaxTextLength)))
        {
            errors.Add($"tags are at most {MaxTags} {{group, name}}, each 1 to {MaxTextLength} characters");
        }

        if (r.ExpiresInSeconds is { } expires && (expires < 1 || expires > MaxTemporarySeconds || r.Owners is not { Count: 1 }))
        {
            errors.Add("expiresInSeconds makes a temporary code: one owner, at most 14 days");
        }

        return errors.Count == 0 ? null : BadRequest("invalid_channel", string.Join("; ", errors));
    }

    private static async Task<ProblemHttpResult?> RefusalAsync(string corpId, IAuthorizationStore authorizations, CancellationToken cancellationToken)
    {
        try
        {
            CorpKeys.Validate(corpId);
        }
        catch (ArgumentException ex)
        {
            return BadRequest("invalid_corp_id", ex.Message);
        }

        return (await authorizations.ListAsync(corpId, cancellationToken)).Any(g => g.Active)
            ? null
            : TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no active grant: it has no channels here.", statusCode: StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult Problem(string corpId, ChannelChange change, string? channelId = null) => change.Status switch
    {
        ChannelChangeStatus.NotFound => NotFound(channelId ?? string.Empty),
        ChannelChangeStatus.NotAuthorized => TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no active grant.", statusCode: StatusCodes.Status404NotFound),
        ChannelChangeStatus.Conflict => TypedResults.Problem(title: "conflict", detail: change.Error, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Problem(title: "wecom_refused", detail: change.Error, statusCode: StatusCodes.Status502BadGateway),
    };

    private static ProblemHttpResult NotFound(string channelId) =>
        TypedResults.Problem(title: "channel_not_found", detail: $"No channel {channelId} in this corp.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
