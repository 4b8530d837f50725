using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Automation;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Campaigns;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's campaigns (群发; docs/campaigns.md) under <c>/admin/corps/{corpId}/campaigns</c>: preview an audience,
/// create (now or at a time in the corp's time zone), list, show with its tasks, results per customer (JSON or CSV),
/// cancel. Bodies are read strictly: an unknown member (a misspelt filter would widen the audience) is a 400.
/// </summary>
public static class CampaignEndpoints
{
    private const int MaxNameLength = 64;
    private const int DefaultSamples = 5;
    private const int MaxCancelAttempts = 5;
    private static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);
    private static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(5);
    private static readonly string[] RequestMembers = ["id", "name", "sendAt", "audience", "content"];

    public static RouteGroupBuilder MapCampaignAdmin(this RouteGroupBuilder admin)
    {
        var campaigns = admin.MapGroup("/corps/{corpId:length(1,64)}/campaigns").WithTags("Campaigns");
        campaigns.MapPost("/preview", PreviewAsync).WithSummary("Count a campaign's audience now (matched, skipped by the monthly limit, per sender, tasks) and show a few customers' texts; nothing is stored or sent.");
        campaigns.MapPost("", CreateAsync).WithSummary("Create a campaign: id, name, audience, content, sendAt (absent: now; without an offset: the corp's time zone).");
        campaigns.MapGet("", ListAsync).WithSummary("The corp's campaigns, newest first, with their figures.");
        campaigns.MapGet("/{campaignId}", GetAsync).WithSummary("One campaign with its WeCom tasks.");
        campaigns.MapGet("/{campaignId}/results", ResultsAsync).WithSummary("Per customer: sender and status (pending, sent, not_friend, over_limit, failed, unsent, skipped_by_limit); format=csv for CSV.");
        campaigns.MapPost("/{campaignId}/cancel", CancelAsync).WithSummary("Cancel a campaign: not sent if it was waiting; else its tasks not sent yet are cancelled at WeCom (cancel_groupmsg_send) and CampaignDelivered says cancelled.");
        return admin;
    }

    public sealed record CampaignView(
        string Id, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset SendAt, DateTimeOffset? SentAt, DateTimeOffset? TrackUntil,
        DateTimeOffset? FinishedAt, CampaignCounts Counts, JsonElement Definition, IReadOnlyList<CampaignTaskView>? Tasks);

    public sealed record CampaignTaskView(string Key, string Sender, string? MsgId, int? ErrCode, int Customers, int Failed, bool MemberSent, DateTimeOffset CreatedAt);

    public sealed record CampaignResultRow(string ExternalUserId, string Sender, string Status);

    private static async Task<Results<Ok<CampaignPreview>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        string corpId, int? samples, HttpRequest request, IAuthorizationStore authorizations, ICampaignManager manager, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (body, errors) = await ReadAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "invalid_campaign");
        }

        return TypedResults.Ok(await manager.PreviewAsync(corpId, body!.Definition, Math.Clamp(samples ?? DefaultSamples, 0, 100), cancellationToken));
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string corpId, HttpRequest request, IAuthorizationStore authorizations, ICampaignStore store, ICampaignManager manager, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (body, errors) = await ReadAsync(request, cancellationToken);
        var now = time.GetUtcNow();
        DateTimeOffset sendAt = now;
        if (body is not null)
        {
            if (!CampaignIds.IsValid(body.Id))
            {
                errors["id"] = [$"is required: 1–{CampaignIds.MaxLength} of a-z, 0-9, '-' and '_'"];
            }

            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > MaxNameLength)
            {
                errors["name"] = [$"is required, at most {MaxNameLength} characters"];
            }

            if (body.SendAt is { } text)
            {
                if (ParseSendAt(text, await manager.TimeZoneAsync(corpId, cancellationToken)) is not { } at)
                {
                    errors["sendAt"] = ["is not a time: yyyy-MM-ddTHH:mm[:ss] (the corp's time zone) or with an offset"];
                }
                else if (at < now - PastTolerance || at > now + MaxAhead)
                {
                    errors["sendAt"] = ["is in the past or more than a year ahead"];
                }
                else
                {
                    sendAt = at < now ? now : at;
                }
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "invalid_campaign");
        }

        var campaign = new CampaignRecord { Id = body!.Id!, Name = body.Name!.Trim(), Definition = body.Definition.ToJson(), CreatedAt = now, SendAt = sendAt };
        switch (await store.CreateAsync(corpId, campaign, cancellationToken))
        {
            case CampaignCreateOutcome.Exists:
                return TypedResults.Problem(title: "campaign_exists", detail: $"Corp {corpId} has a campaign {campaign.Id} already.", statusCode: StatusCodes.Status409Conflict);
            case CampaignCreateOutcome.NotAuthorized:
                return (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken))!;
        }

        loggers.CreateLogger(typeof(CampaignEndpoints)).LogInformation("Campaign {CampaignId} created for corp {CorpId}, sending at {SendAt:o} (audit)", campaign.Id, corpId, sendAt);
        return TypedResults.Created($"/admin/corps/{corpId}/campaigns/{campaign.Id}", View(campaign, null));
    }

    private static async Task<Results<Ok<IReadOnlyList<CampaignView>>, ProblemHttpResult>> ListAsync(
        string corpId, IAuthorizationStore authorizations, ICampaignStore store, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<CampaignView> list = [.. (await store.ListAsync(corpId, cancellationToken)).Select(c => View(c, null))];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetAsync(
        string corpId, string campaignId, IAuthorizationStore authorizations, ICampaignStore store, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return CampaignIds.IsValid(campaignId) && await store.GetAsync(corpId, campaignId, cancellationToken) is { } snapshot
            ? TypedResults.Ok(View(snapshot.Campaign, snapshot.Tasks.Values))
            : NoCampaign(corpId, campaignId);
    }

    private static async Task<IResult> ResultsAsync(
        string corpId, string campaignId, string? format, IAuthorizationStore authorizations, ICampaignStore store, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!CampaignIds.IsValid(campaignId) || await store.GetAsync(corpId, campaignId, cancellationToken) is not { } snapshot)
        {
            return NoCampaign(corpId, campaignId);
        }

        var rows = Rows(snapshot, await store.ResultsAsync(corpId, campaignId, cancellationToken));
        if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(rows);
        }

        var csv = new StringBuilder("external_userid,sender,status\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.ExternalUserId},{row.Sender},{row.Status}\n");
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    private static async Task<Results<Accepted<CampaignView>, ProblemHttpResult>> CancelAsync(
        string corpId, string campaignId, IAuthorizationStore authorizations, ICampaignStore store, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        for (var attempt = 0; attempt < MaxCancelAttempts; attempt++)
        {
            if (!CampaignIds.IsValid(campaignId) || await store.GetAsync(corpId, campaignId, cancellationToken) is not { } snapshot)
            {
                return NoCampaign(corpId, campaignId);
            }

            var campaign = snapshot.Campaign;
            if (CampaignStatuses.IsFinal(campaign.Status))
            {
                return TypedResults.Problem(title: "campaign_finished", detail: $"Campaign {campaignId} is {campaign.Status} already.", statusCode: StatusCodes.Status409Conflict);
            }

            // The campaign's next step (due now) cancels its tasks at WeCom and publishes CampaignDelivered.
            var cancelled = campaign with { Status = CampaignStatuses.Cancelled };
            if (await store.TryUpdateAsync(corpId, cancelled, snapshot.Version, time.GetUtcNow(), cancellationToken))
            {
                loggers.CreateLogger(typeof(CampaignEndpoints)).LogInformation("Campaign {CampaignId} of corp {CorpId} cancelled (audit)", campaignId, corpId);
                return TypedResults.Accepted($"/admin/corps/{corpId}/campaigns/{campaignId}", View(cancelled, snapshot.Tasks.Values));
            }
        }

        // Changed under every attempt (a busy step), or the corp's grant went meanwhile.
        return TypedResults.Problem(title: "campaign_busy", detail: $"Campaign {campaignId} kept changing; try the cancel again.", statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Every customer of the plan with their status (results as WeCom last gave them, fail lists, the skipped), by customer id.</summary>
    private static List<CampaignResultRow> Rows(CampaignSnapshot snapshot, IReadOnlyDictionary<string, int> results)
    {
        var rows = new List<CampaignResultRow>();
        if (snapshot.Plan is not { } plan)
        {
            return rows;
        }

        var finished = snapshot.Campaign.FinishedAt is not null;
        foreach (var planned in plan.Tasks)
        {
            var task = snapshot.Tasks.GetValueOrDefault(planned.Key);
            var failed = task?.FailList.ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var id in planned.ExternalUserIds)
            {
                var status = failed.Contains(id) ? "failed"
                    : results.TryGetValue(id, out var s) && s != 0 ? s switch { 1 => "sent", 2 => "not_friend", 3 => "over_limit", _ => "unknown" }
                    : finished ? "unsent" : "pending";
                rows.Add(new CampaignResultRow(id, planned.Sender, status));
            }
        }

        rows.AddRange(plan.SkippedByLimit.Select(id => new CampaignResultRow(id, string.Empty, "skipped_by_limit")));
        rows.Sort((a, b) => string.CompareOrdinal(a.ExternalUserId, b.ExternalUserId));
        return rows;
    }

    private sealed record CampaignBody(string? Id, string? Name, string? SendAt, CampaignDefinition Definition);

    /// <summary>The body, or every problem with it (unknown members, audience and content problems).</summary>
    private static async Task<(CampaignBody? Body, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonElement root;
        try
        {
            root = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"is not JSON: {ex.Message}"];
            return (null, errors);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return (null, errors);
        }

        var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => !RequestMembers.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            errors["body"] = [$"unknown member(s): {string.Join(", ", unknown)} (known: {string.Join(", ", RequestMembers)})"];
            return (null, errors);
        }

        CampaignDefinition definition;
        try
        {
            var json = JsonSerializer.Serialize(new Dictionary<string, JsonElement?>
            {
                ["audience"] = root.TryGetProperty("audience", out var a) ? a : null,
                ["content"] = root.TryGetProperty("content", out var c) ? c : null,
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
            definition = CampaignDefinition.FromJson(json);
        }
        catch (InvalidDataException ex)
        {
            errors["body"] = [ex.Message];
            return (null, errors);
        }

        var problems = definition.Problems();
        foreach (var group in problems.GroupBy(p => p.Split(':', 2)[0]))
        {
            errors[group.Key] = [.. group.Select(p => p.Split(':', 2)[1].Trim())];
        }

        return (new CampaignBody(Text(root, "id"), Text(root, "name"), Text(root, "sendAt"), definition), errors);

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>A time with an offset as given; without one, a local time of <paramref name="zone"/>.</summary>
    internal static DateTimeOffset? ParseSendAt(string text, TimeZoneInfo zone)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(text))
        {
            return withOffset;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }

        return null;

        static bool HasOffset(string s) => s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] is '+' or '-') && s[^3] == ':');
    }

    private static CampaignView View(CampaignRecord c, IEnumerable<CampaignTask>? tasks) =>
        new(c.Id, c.Name, c.Status, c.CreatedAt, c.SendAt, c.SentAt, c.TrackUntil, c.FinishedAt, c.Counts, JsonSerializer.Deserialize<JsonElement>(c.Definition),
            tasks?.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new CampaignTaskView(t.Key, t.Sender, t.MsgId, t.ErrCode, t.Customers, t.FailList.Count, t.MemberSent, t.CreatedAt)).ToList());

    private static ProblemHttpResult NoCampaign(string corpId, string campaignId) =>
        TypedResults.Problem(title: "no_campaign", detail: $"Corp {corpId} has no campaign {campaignId}.", statusCode: StatusCodes.Status404NotFound);
}
