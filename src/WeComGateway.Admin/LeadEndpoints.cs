using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeComGateway.Automation.Leads;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Leads;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's lead pool (批量加好友): import leads (<c>POST /admin/corps/{corpId}/leads</c>), the rotation settings
/// (<c>GET|PUT …/leads/settings</c>), one lead (<c>GET …/leads/{leadId}</c>, phone masked) and the conversion report
/// per employee and source (<c>GET …/leads/report</c>). A corp that holds no active grant is refused (404
/// <c>not_authorized</c>): its leads could be neither stored nor worked.
/// </summary>
public static class LeadEndpoints
{
    /// <summary>Leads per import request.</summary>
    public const int MaxLeadsPerImport = 5000;

    public const int MaxNameLength = 64;
    public const int MaxSourceLength = 32;
    public const int MaxTags = 10;
    public const int MaxTagLength = 30;

    public static RouteGroupBuilder MapLeadAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/corps/{corpId:length(1,64)}/leads", ImportAsync)
            .WithTags("Leads")
            .WithSummary("Import leads (phone, name, source, tags) into the corp's pool; phones already known are skipped. The workers assign them at once.");
        admin.MapGet("/corps/{corpId:length(1,64)}/leads/settings", GetSettingsAsync)
            .WithTags("Leads")
            .WithSummary("How the corp's leads are spread: round-robin or weighted, daily cap per employee, time to add the customer.");
        admin.MapPut("/corps/{corpId:length(1,64)}/leads/settings", PutSettingsAsync)
            .WithTags("Leads")
            .WithSummary("Set how the corp's leads are spread.");
        admin.MapGet("/corps/{corpId:length(1,64)}/leads/report", ReportAsync)
            .WithTags("Leads")
            .WithSummary("Leads imported, assigned, converted and returned per employee and source, with the conversion rate.");
        admin.MapGet("/corps/{corpId:length(1,64)}/leads/{leadId:length(12)}", GetLeadAsync)
            .WithTags("Leads")
            .WithSummary("One lead: status, employee, deadline, conversion (the phone masked).");
        return admin;
    }

    /// <summary>One lead to import; the phone in any common spelling (<c>+86 138-0013-8000</c>).</summary>
    public sealed record LeadInput(string? Phone, string? Name, string? Source, IReadOnlyList<string>? Tags);

    public sealed record LeadImportRequest(IReadOnlyList<LeadInput>? Leads);

    /// <param name="Index">The lead's position in the request.</param>
    public sealed record LeadRejection(int Index, string Error);

    /// <param name="LeadIds">Per accepted lead, in request order: its id (an existing lead's for a known phone).</param>
    public sealed record LeadImportAnswer(string CorpId, int Imported, int Duplicates, IReadOnlyList<LeadRejection> Rejected, IReadOnlyList<string> LeadIds);

    /// <summary>A lead as the admin API shows it: the phone masked.</summary>
    public sealed record LeadView(
        string LeadId, string MaskedPhone, string Name, string Source, IReadOnlyList<string> Tags, string Status, string State, int Attempt,
        string? Assignee, DateTimeOffset? AssignedAt, DateTimeOffset? Deadline, bool Reminded, IReadOnlyList<string> Tried,
        DateTimeOffset ImportedAt, DateTimeOffset? ConvertedAt, string? ConvertedBy, string? ExternalUserId);

    /// <param name="ConversionRate">Converted ÷ assigned (null when nothing was assigned).</param>
    public sealed record LeadReportLine(string UserId, string Source, long Imported, long Assigned, long Converted, long Returned, double? ConversionRate);

    public sealed record LeadReport(string CorpId, IReadOnlyList<LeadReportLine> Rows);

    private static async Task<Results<Ok<LeadImportAnswer>, ProblemHttpResult>> ImportAsync(
        string corpId,
        LeadImportRequest request,
        HttpContext http,
        IAuthorizationStore authorizations,
        ILeadStore leads,
        [FromServices] IPublishEndpoint publisher,
        IOptionsMonitor<AdminOptions> admin,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var inputs = request.Leads ?? [];
        if (inputs.Count is 0 or > MaxLeadsPerImport)
        {
            return TypedResults.Problem(title: "invalid_leads", detail: $"An import holds 1..{MaxLeadsPerImport} leads.", statusCode: StatusCodes.Status400BadRequest);
        }

        var accepted = new List<NewLead>();
        var rejected = new List<LeadRejection>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (Check(inputs[i]) is { } error)
            {
                rejected.Add(new LeadRejection(i, error));
            }
            else
            {
                var input = inputs[i];
                accepted.Add(new NewLead(PhoneNumbers.Normalize(input.Phone)!, input.Name!.Trim(), input.Source!.Trim(), [.. (input.Tags ?? []).Select(t => t.Trim())]));
            }
        }

        var now = time.GetUtcNow();
        var result = accepted.Count == 0 ? new LeadImportResult(0, 0, []) : await leads.ImportAsync(corpId, accepted, now, cancellationToken);
        var actor = AdminActor.Of(http, admin.CurrentValue);
        if (result.Imported > 0)
        {
            await publisher.Publish(new LeadsImported { CorpId = corpId, Count = result.Imported, ImportedBy = actor, ImportedAt = now }, cancellationToken);
        }

        loggers.CreateLogger(typeof(LeadEndpoints)).LogInformation(
            "{Actor} imported {Imported} leads into corp {CorpId} ({Duplicates} known, {Rejected} rejected) (audit)", actor, result.Imported, corpId, result.Duplicates, rejected.Count);
        return TypedResults.Ok(new LeadImportAnswer(corpId, result.Imported, result.Duplicates, rejected, result.LeadIds));
    }

    /// <summary>Why the lead cannot be imported, or null. Never echoes the phone.</summary>
    internal static string? Check(LeadInput input)
    {
        if (PhoneNumbers.Normalize(input.Phone) is null)
        {
            return "phone: not a phone number (6–15 digits, optionally +country code)";
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > MaxNameLength || input.Name.Any(char.IsControl))
        {
            return $"name: 1..{MaxNameLength} characters";
        }

        if (string.IsNullOrWhiteSpace(input.Source) || input.Source.Trim().Length > MaxSourceLength || input.Source.Any(char.IsControl))
        {
            return $"source: 1..{MaxSourceLength} characters";
        }

        if (input.Tags is { } tags && (tags.Count > MaxTags || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > MaxTagLength || t.Any(char.IsControl))))
        {
            return $"tags: at most {MaxTags}, each 1..{MaxTagLength} characters";
        }

        return null;
    }

    private static async Task<Results<Ok<LeadPoolSettings>, NotFound, ProblemHttpResult>> GetSettingsAsync(
        string corpId, IAuthorizationStore authorizations, ILeadStore leads, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await leads.GetSettingsAsync(corpId, cancellationToken) is { } settings ? TypedResults.Ok(settings) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<LeadPoolSettings>, ValidationProblem, ProblemHttpResult>> PutSettingsAsync(
        string corpId,
        LeadPoolSettings settings,
        HttpContext http,
        IAuthorizationStore authorizations,
        ILeadStore leads,
        [FromServices] IPublishEndpoint publisher,
        IOptionsMonitor<AdminOptions> admin,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (settings.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["settings"] = [.. errors] }, title: "invalid_lead_settings");
        }

        if (!await leads.SaveSettingsAsync(corpId, settings, cancellationToken))
        {
            return NotAuthorized(corpId);
        }

        var actor = AdminActor.Of(http, admin.CurrentValue);
        loggers.CreateLogger(typeof(LeadEndpoints)).LogInformation(
            "{Actor} set the lead pool of corp {CorpId}: {Mode}, {Employees} employees, cap {DailyCap}, {ConvertWithin} (audit)",
            actor, corpId, settings.Mode, settings.Employees.Count, settings.DailyCap, settings.ConvertWithin);

        // Leads waiting for settings are assigned now.
        await publisher.Publish(new LeadsImported { CorpId = corpId, Count = 0, ImportedBy = actor, ImportedAt = time.GetUtcNow() }, cancellationToken);
        return TypedResults.Ok(settings);
    }

    private static async Task<Results<Ok<LeadReport>, ProblemHttpResult>> ReportAsync(
        string corpId, IAuthorizationStore authorizations, ILeadStore leads, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var rows = await leads.ReportAsync(corpId, cancellationToken);
        return TypedResults.Ok(new LeadReport(corpId, [.. rows.Select(r => new LeadReportLine(
            r.UserId, r.Source, r.Imported, r.Assigned, r.Converted, r.Returned, r.Assigned == 0 ? null : Math.Round((double)r.Converted / r.Assigned, 4)))]));
    }

    private static async Task<Results<Ok<LeadView>, NotFound, ProblemHttpResult>> GetLeadAsync(
        string corpId, string leadId, IAuthorizationStore authorizations, ILeadStore leads, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!LeadIds.IsValid(leadId) || await leads.GetAsync(corpId, leadId, cancellationToken) is not { } lead)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new LeadView(
            lead.LeadId, PhoneNumbers.Mask(lead.Phone), lead.Name, lead.Source, lead.Tags, lead.Status.ToString().ToLowerInvariant(), LeadStates.Of(lead.LeadId),
            lead.Attempt, lead.Assignee, lead.AssignedAt, lead.Deadline, lead.Reminded, lead.Tried, lead.ImportedAt, lead.ConvertedAt, lead.ConvertedBy,
            lead.ExternalUserId));
    }

    /// <summary>400 for a malformed corp id, 404 <c>not_authorized</c> for a corp without an active grant, else null.</summary>
    private static ProblemHttpResult NotAuthorized(string corpId) => TypedResults.Problem(
        title: "not_authorized",
        detail: $"Corp {corpId} holds no active grant (not installed, uninstalled, or its permanent code was refused).",
        statusCode: StatusCodes.Status404NotFound);
}
