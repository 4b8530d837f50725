using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Automation;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Admin;

/// <summary>
/// Per-corp rule-set overrides: <c>GET|PUT|DELETE /admin/corps/{corpId}/rules</c> and
/// <c>POST /admin/rules/validate</c>. A rule set is validated whole before it is stored; one that does not validate is
/// refused with every error (rule id and path) and the one in force stays. Workers pick a stored set up within
/// <c>Automation:RuleSetRefreshInterval</c> (30 s).
/// </summary>
public static class RuleSetEndpoints
{
    public static RouteGroupBuilder MapRuleSetAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/corps/{corpId:length(1,64)}/rules", GetAsync);
        admin.MapPut("/corps/{corpId:length(1,64)}/rules", PutAsync);
        admin.MapDelete("/corps/{corpId:length(1,64)}/rules", DeleteAsync);
        admin.MapPost("/rules/validate", ValidateAsync);
        return admin;
    }

    /// <summary>What a valid rule set compiles to.</summary>
    public sealed record RuleSetSummary(string Name, string ContentHash, int Rules, IReadOnlyList<string> Stages, IReadOnlyList<string> WelcomeTemplates);

    private static async Task<Results<ContentHttpResult, NotFound>> GetAsync(string corpId, IRuleSetStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(corpId, cancellationToken) is { } json ? TypedResults.Text(json, "application/json") : TypedResults.NotFound();

    private static async Task<Results<Ok<RuleSetSummary>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string corpId, HttpRequest request, IRuleSetStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(request, cancellationToken);
        var (summary, problem) = Compile(json);
        if (summary is null)
        {
            return problem!;
        }

        if (!await store.SetAsync(corpId, json, cancellationToken))
        {
            loggers.CreateLogger(typeof(RuleSetEndpoints)).LogWarning("Admin rule set for corp {CorpId} refused: the corp holds no grant", corpId);
            return TypedResults.Problem(
                $"Corp {corpId} holds no grant of any suite here (not installed, or uninstalled): the gateway keeps no data for it.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Corp not authorized");
        }

        loggers.CreateLogger(typeof(RuleSetEndpoints)).LogInformation(
            "Admin stored rule set '{RuleSetName}' ({Hash}) for corp {CorpId} (audit)", summary.Name, summary.ContentHash[..12], corpId);
        return TypedResults.Ok(summary);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string corpId, IRuleSetStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(corpId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<RuleSetSummary>, ValidationProblem>> ValidateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (summary, problem) = Compile(await ReadAsync(request, cancellationToken));
        return summary is null ? problem! : TypedResults.Ok(summary);
    }

    private static (RuleSetSummary?, ValidationProblem?) Compile(string json)
    {
        try
        {
            var ruleSet = RuleSet.Parse(json);
            return (new RuleSetSummary(ruleSet.Name, ruleSet.ContentHash, ruleSet.RuleIds.Count, ruleSet.Stages, ruleSet.WelcomeTemplates.Select(t => t.Id).ToList()), null);
        }
        catch (RuleSetException ex)
        {
            var errors = ex.Errors
                .GroupBy(e => e.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray(), StringComparer.Ordinal);
            return (null, TypedResults.ValidationProblem(errors, title: "invalid_rule_set", detail: "The rule set was refused whole; the one in force stays."));
        }
    }

    /// <summary>Rule sets are small: 1 MiB is generous and bounds what a request can make the host hold.</summary>
    private static async Task<string> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int limit = 1 << 20;
        if (request.ContentLength > limit)
        {
            throw new BadHttpRequestException("A rule set is at most 1 MiB.", StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[limit + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return read > limit
            ? throw new BadHttpRequestException("A rule set is at most 1 MiB.", StatusCodes.Status413PayloadTooLarge)
            : new string(buffer, 0, read);
    }
}
