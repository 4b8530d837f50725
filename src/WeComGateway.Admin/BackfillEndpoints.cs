using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's existing-customer backfill: <c>POST /admin/corps/{corpId}/backfill</c> asks the workers for one (202; a
/// backfill already running is joined, not doubled) and <c>GET /admin/corps/{corpId}/backfill</c> shows where it
/// stands. A corp that holds no active grant is refused (404 <c>not_authorized</c>): there is nothing to read WeCom with.
/// </summary>
public static class BackfillEndpoints
{
    public static RouteGroupBuilder MapBackfillAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/corps/{corpId:length(1,64)}/backfill", RequestAsync)
            .WithTags("Backfill")
            .WithSummary("Read the corp's existing customers from WeCom and seed their facts (follow users, tags, add time); no welcome, no lifecycle rules.");
        admin.MapGet("/corps/{corpId:length(1,64)}/backfill", GetAsync)
            .WithTags("Backfill")
            .WithSummary("Where the corp's backfill stands: state, follow users done, pages, customers read and seeded.");
        return admin;
    }

    /// <summary>The progress as the admin API shows it (no run ids, no cursor: those are the workers').</summary>
    /// <param name="State"><c>running</c>, <c>done</c> or <c>failed</c>.</param>
    /// <param name="Customers">Entries read: one per customer per member who follows them.</param>
    /// <param name="Seeded">Customers the gateway knew nothing of before.</param>
    public sealed record BackfillView(
        string CorpId, string State, int FollowUsers, int FollowUsersDone, long Pages, long Customers, long Seeded,
        DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, string? Error);

    /// <summary>
    /// The answer to a request: when it was made (the backfill that answers it is the one whose progress is updated at or
    /// after this time) and the progress as it stood.
    /// </summary>
    public sealed record BackfillRequestAccepted(string CorpId, DateTimeOffset RequestedAt, BackfillView? Current);

    private static async Task<Results<Accepted<BackfillRequestAccepted>, ProblemHttpResult>> RequestAsync(
        string corpId,
        HttpContext http,
        IAuthorizationStore authorizations,
        ICustomerBackfillStore backfills,
        [FromServices] IPublishEndpoint publisher,
        IOptionsMonitor<AdminOptions> admin,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (Invalid(corpId) is { } invalid)
        {
            return invalid;
        }

        if (!(await authorizations.ListAsync(corpId, cancellationToken)).Any(g => g.Active))
        {
            return NotAuthorized(corpId);
        }

        var requestedAt = time.GetUtcNow();
        var actor = AdminActor.Of(http, admin.CurrentValue);
        await publisher.Publish(new CustomerBackfillRequested { CorpId = corpId, RequestedBy = actor, RequestedAt = requestedAt }, cancellationToken);
        loggers.CreateLogger(typeof(BackfillEndpoints)).LogInformation("{Actor} asked for a backfill of corp {CorpId} (audit)", actor, corpId);
        var current = await backfills.GetAsync(corpId, cancellationToken);
        return TypedResults.Accepted($"/admin/corps/{corpId}/backfill", new BackfillRequestAccepted(corpId, requestedAt, current is null ? null : View(corpId, current)));
    }

    private static async Task<Results<Ok<BackfillView>, NotFound, ProblemHttpResult>> GetAsync(
        string corpId, ICustomerBackfillStore backfills, CancellationToken cancellationToken)
    {
        if (Invalid(corpId) is { } invalid)
        {
            return invalid;
        }

        return await backfills.GetAsync(corpId, cancellationToken) is { } progress ? TypedResults.Ok(View(corpId, progress)) : TypedResults.NotFound();
    }

    private static BackfillView View(string corpId, BackfillProgress progress) => new(
        corpId,
        progress.State switch
        {
            BackfillState.Running => "running",
            BackfillState.Done => "done",
            _ => "failed",
        },
        progress.FollowUsers,
        progress.UserOffset,
        progress.Pages,
        progress.Customers,
        progress.Seeded,
        progress.StartedAt,
        progress.UpdatedAt,
        progress.Error);

    private static ProblemHttpResult? Invalid(string corpId)
    {
        try
        {
            CorpKeys.Validate(corpId);
            return null;
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "invalid_corp_id", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static ProblemHttpResult NotAuthorized(string corpId) => TypedResults.Problem(
        title: "not_authorized",
        detail: $"Corp {corpId} holds no active grant (not installed, uninstalled, or its permanent code was refused): there is nothing to backfill it through.",
        statusCode: StatusCodes.Status404NotFound);
}
