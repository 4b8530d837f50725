using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Moments;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's customer moments (客户朋友圈, 企业发表; docs/moments.md): create one (<c>POST /admin/corps/{corpId}/moments</c>
/// — checked against WeCom's limits, its tags resolved to WeCom ids, stored, and its WeCom task created by the
/// workers), list them and show one with its task's result. A repeated create with the same id and content answers
/// the stored moment; the same id with other content is a conflict.
/// </summary>
public static class MomentEndpoints
{
    public static RouteGroupBuilder MapMomentAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/corps/{corpId:length(1,64)}/moments", CreateAsync)
            .WithTags("Moments")
            .WithSummary("Create a customer moment for customers with the given tags and/or for the given employees: text and up to 9 images, 1 video or 1 link (upload_attachment media ids). The workers create its WeCom task and follow it to MomentPublished.");
        admin.MapGet("/corps/{corpId:length(1,64)}/moments", ListAsync)
            .WithTags("Moments")
            .WithSummary("The corp's moments, newest first, with their status.");
        admin.MapGet("/corps/{corpId:length(1,64)}/moments/{momentId}", GetAsync)
            .WithTags("Moments")
            .WithSummary("One moment: content, audience, WeCom job id and task status, WeCom's moment id, the employees and tags WeCom could not use.");
        return admin;
    }

    /// <summary>An attachment: <c>image</c>/<c>video</c> with <c>mediaId</c>, or <c>link</c> with <c>url</c>, <c>title</c> and its cover's <c>mediaId</c>.</summary>
    public sealed record MomentAttachmentInput(string? Type, string? MediaId, string? Title, string? Url, string? Path = null, string? MediaUrl = null);

    /// <param name="Id">Optional (generated when absent): repeating a create with the same id creates nothing twice.</param>
    /// <param name="Tags">Customer tags, <c>group/name</c>: customers with any of them see it.</param>
    /// <param name="Employees">Members (userids) asked to publish it.</param>
    public sealed record MomentRequest(string? Id, string? Text, IReadOnlyList<MomentAttachmentInput>? Attachments, IReadOnlyList<string>? Tags, IReadOnlyList<string>? Employees);

    public sealed record MomentView(
        string MomentId, string Status, string? Text, IReadOnlyList<MomentAttachmentSpec> Attachments, IReadOnlyList<MomentTag> Tags, IReadOnlyList<string> Employees,
        string? JobId, int? TaskStatus, int Polls, string? WeComMomentId, IReadOnlyList<string> InvalidEmployees, IReadOnlyList<string> InvalidTagIds,
        string? FailureReason, int? ErrCode, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

    public sealed record MomentList(string CorpId, IReadOnlyList<MomentView> Moments);

    private static async Task<Results<Created<MomentView>, Ok<MomentView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string corpId,
        MomentRequest request,
        HttpContext http,
        IAuthorizationStore authorizations,
        IMomentStore moments,
        IMomentTagResolver tagResolver,
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

        var draft = new MomentDraft(
            request.Text,
            [.. (request.Attachments ?? []).Select(a => new MomentDraftAttachment(a.Type, a.MediaId, a.Title, a.Url, a.Path, a.MediaUrl))],
            [.. (request.Tags ?? []).Select(t => t.Trim())],
            [.. (request.Employees ?? []).Select(e => e.Trim())]);
        var errors = MomentRules.Validate(draft).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (request.Id is { } givenId && !MomentIds.IsValid(givenId))
        {
            errors["id"] = [$"1..{MomentIds.MaxLength} characters of A-Z, a-z, 0-9, _ and -"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "invalid_moment", detail: "The moment breaks WeCom's limits for add_moment_task; nothing was stored.");
        }

        var tagRefs = draft.Tags.Select(t => MomentRules.ParseTag(t)!).Distinct().ToList();
        var resolution = await tagResolver.ResolveAsync(corpId, tagRefs, cancellationToken);
        if (!resolution.Authorized)
        {
            return TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no active grant.", statusCode: StatusCodes.Status404NotFound);
        }

        if (resolution.Unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["tags"] = [.. resolution.Unknown.Select(t => $"the corp has no customer tag {t}")] },
                title: "unknown_tags",
                detail: "Every tag must exist in the corp's customer tags (WeCom's tag library); nothing was stored.");
        }

        var now = time.GetUtcNow();
        var actor = AdminActor.Of(http, admin.CurrentValue);
        var moment = new Moment
        {
            Id = request.Id ?? MomentIds.New(),
            Text = string.IsNullOrEmpty(draft.Text) ? null : draft.Text,
            Attachments = [.. draft.Attachments.Select(a => new MomentAttachmentSpec(a.Type!, a.MediaId, a.Title, a.Url, a.Path, a.MediaUrl))],
            Tags = [.. tagRefs.Select(t => new MomentTag(t.Group, t.Name, resolution.Ids[t]))],
            Employees = [.. draft.Employees.Distinct(StringComparer.Ordinal)],
            Status = MomentStatus.Pending,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var (result, stored) = await moments.CreateAsync(corpId, moment, now, cancellationToken);
        switch (result)
        {
            case MomentCreateResult.NoGrant:
                return TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no active grant.", statusCode: StatusCodes.Status404NotFound);
            case MomentCreateResult.Exists when stored!.SameContentAs(moment):
                return TypedResults.Ok(View(stored));
            case MomentCreateResult.Exists:
                return TypedResults.Problem(title: "moment_exists", detail: $"Moment {moment.Id} exists with other content.", statusCode: StatusCodes.Status409Conflict);
        }

        await publisher.Publish(new MomentRequested { CorpId = corpId, MomentId = moment.Id, RequestedBy = actor, RequestedAt = now }, cancellationToken);
        loggers.CreateLogger(typeof(MomentEndpoints)).LogInformation(
            "{Actor} created moment {MomentId} of corp {CorpId} for {Tags} tags and {Employees} employees (audit)", actor, moment.Id, corpId, moment.Tags.Count, moment.Employees.Count);
        return TypedResults.Created($"/admin/corps/{corpId}/moments/{moment.Id}", View(stored!));
    }

    private static async Task<Results<Ok<MomentList>, ProblemHttpResult>> ListAsync(
        string corpId, IAuthorizationStore authorizations, IMomentStore moments, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(new MomentList(corpId, [.. (await moments.ListAsync(corpId, cancellationToken)).Select(View)]));
    }

    private static async Task<Results<Ok<MomentView>, NotFound, ProblemHttpResult>> GetAsync(
        string corpId, string momentId, IAuthorizationStore authorizations, IMomentStore moments, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return MomentIds.IsValid(momentId) && await moments.GetAsync(corpId, momentId, cancellationToken) is { } moment
            ? TypedResults.Ok(View(moment))
            : TypedResults.NotFound();
    }

    private static MomentView View(Moment m) => new(
        m.Id, m.Status.ToString().ToLowerInvariant(), m.Text, m.Attachments, m.Tags, m.Employees, m.JobId, m.TaskStatus, m.Polls, m.WeComMomentId,
        m.InvalidEmployees, m.InvalidTagIds, m.FailureReason, m.ErrCode, m.CreatedBy, m.CreatedAt, m.UpdatedAt, m.FinishedAt);
}
