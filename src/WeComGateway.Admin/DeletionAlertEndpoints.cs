using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Alerts;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Admin;

/// <summary>
/// Who hears of customers deleting employees in a corp (删人提醒): <c>GET|PUT /admin/corps/{corpId}/deletion-alerts</c>.
/// Without settings the workers' default (<c>DeletionAlerts:EnabledByDefault</c>: the deleted employee) applies.
/// </summary>
public static class DeletionAlertEndpoints
{
    public static RouteGroupBuilder MapDeletionAlertAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/corps/{corpId:length(1,64)}/deletion-alerts", GetAsync)
            .WithTags("Deletion alerts")
            .WithSummary("The corp's deletion-alert settings (404 when it set none: the deployment's default applies).");
        admin.MapPut("/corps/{corpId:length(1,64)}/deletion-alerts", PutAsync)
            .WithTags("Deletion alerts")
            .WithSummary("Alert the deleted employee or the corp's managers, or nobody; at most once per customer per day.");
        return admin;
    }

    private static async Task<Results<Ok<DeletionAlertSettings>, NotFound, ProblemHttpResult>> GetAsync(
        string corpId, IAuthorizationStore authorizations, IDeletionAlertSettingsStore store, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await store.GetAsync(corpId, cancellationToken) is { } settings ? TypedResults.Ok(settings) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<DeletionAlertSettings>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string corpId,
        DeletionAlertSettings settings,
        HttpContext http,
        IAuthorizationStore authorizations,
        IDeletionAlertSettingsStore store,
        IOptionsMonitor<AdminOptions> admin,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        settings = settings with { Managers = settings.Managers ?? [] };
        if (settings.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["settings"] = [.. errors] }, title: "invalid_deletion_alert_settings");
        }

        if (!await store.SaveAsync(corpId, settings, cancellationToken))
        {
            return TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no grant.", statusCode: StatusCodes.Status404NotFound);
        }

        loggers.CreateLogger(typeof(DeletionAlertEndpoints)).LogInformation(
            "{Actor} set the deletion alerts of corp {CorpId}: enabled {Enabled}, notify {Notify} (audit)", AdminActor.Of(http, admin.CurrentValue), corpId, settings.Enabled, settings.Notify);
        return TypedResults.Ok(settings);
    }
}
