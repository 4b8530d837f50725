using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Fission;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.Admin;

/// <summary>
/// Fission (裂变) campaigns of a corp (docs/fission.md): <c>/admin/corps/{corpId}/fission/campaigns</c> (create, list,
/// show), <c>…/{campaignId}/participants</c> (register a seed participant, or give an invited one a poster; show one)
/// and <c>…/{campaignId}/leaderboard?top=N</c>. A corp that holds no active grant is refused (404 <c>not_authorized</c>).
/// </summary>
public static class FissionEndpoints
{
    public const int MaxEmployees = 100;
    public const int MaxLeaderboard = 1000;
    public static readonly TimeSpan MaxDeleteWindow = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapFissionAdmin(this RouteGroupBuilder admin)
    {
        var fission = admin.MapGroup("/corps/{corpId:length(1,64)}/fission/campaigns").WithTags("Fission");
        fission.MapPost("", CreateAsync).WithSummary("Create a fission campaign: state prefix, goal, reward, employees, start/end, delete window.");
        fission.MapGet("", ListAsync).WithSummary("The corp's fission campaigns.");
        fission.MapGet("/{campaignId}", GetAsync).WithSummary("One campaign.");
        fission.MapPost("/{campaignId}/participants", JoinAsync)
            .WithSummary("Register a participant (a seed customer), or give an invited one their state: answers the personal state and the poster's QR code URL (add_contact_way).");
        fission.MapGet("/{campaignId}/participants/{externalUserId}", GetParticipantAsync).WithSummary("One participant: state, poster, inviter, counts per level.");
        fission.MapGet("/{campaignId}/leaderboard", LeaderboardAsync).WithSummary("The top participants by credited count (level 1), with their level-2 and level-3 counts.");
        return admin;
    }

    /// <param name="Id">Optional: <c>[a-z0-9][a-z0-9-]{0,31}</c>; a fresh one when absent.</param>
    /// <param name="DeleteWindowMinutes">A customer who deletes within this many minutes of adding never counted (default 0: every delete is a loss).</param>
    /// <param name="StartsAt">Default: now (the start of this second, as WeCom's event times are whole seconds).</param>
    public sealed record CampaignRequest(
        string? Id, string Name, string StatePrefix, int Goal, string? Reward, IReadOnlyList<string> Employees,
        DateTimeOffset? StartsAt, DateTimeOffset EndsAt, int DeleteWindowMinutes = 0);

    public sealed record CampaignView(
        string Id, string Name, string StatePrefix, int Goal, string Reward, IReadOnlyList<string> Employees,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, int DeleteWindowMinutes, DateTimeOffset CreatedAt);

    public sealed record JoinRequest(string ExternalUserId);

    /// <param name="Source"><c>seed</c> or <c>invited</c>.</param>
    /// <param name="Credited">Level 1: new customers they invited, what counts toward the goal.</param>
    public sealed record ParticipantView(
        string CampaignId, string ExternalUserId, string? State, string? PosterUrl, string? Inviter, int Depth, string Source,
        long Credited, long Level2, long Level3, bool GoalReached, DateTimeOffset JoinedAt);

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string corpId, CampaignRequest request, IAuthorizationStore authorizations, IFissionStore store, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var thisSecond = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()); // WeCom's CreateTime has whole seconds: an add in this second counts
        var campaign = new FissionCampaign(
            request.Id ?? FissionStates.NewCampaignId(), request.Name?.Trim() ?? string.Empty, request.StatePrefix ?? string.Empty, request.Goal,
            request.Reward ?? string.Empty, [.. (request.Employees ?? []).Distinct(StringComparer.Ordinal)], request.StartsAt ?? thisSecond, request.EndsAt,
            TimeSpan.FromMinutes(request.DeleteWindowMinutes), now);
        if (Validate(campaign) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await store.CreateCampaignAsync(corpId, campaign, cancellationToken);
        switch (result)
        {
            case FissionCampaignCreateResult.IdTaken:
                return Conflict("campaign_exists", $"Corp {corpId} has a campaign {campaign.Id} already.");
            case FissionCampaignCreateResult.PrefixTaken:
                return Conflict("prefix_taken", $"Another campaign of corp {corpId} uses the state prefix '{campaign.StatePrefix}'.");
            case FissionCampaignCreateResult.NotAuthorized:
                return NotAuthorized(corpId);
        }

        loggers.CreateLogger(typeof(FissionEndpoints)).LogInformation("Fission campaign {CampaignId} created for corp {CorpId} (audit)", campaign.Id, corpId);
        return TypedResults.Created($"/admin/corps/{corpId}/fission/campaigns/{campaign.Id}", View((await store.GetCampaignAsync(corpId, campaign.Id, cancellationToken))!));
    }

    private static async Task<Results<Ok<IReadOnlyList<CampaignView>>, ProblemHttpResult>> ListAsync(
        string corpId, IAuthorizationStore authorizations, IFissionStore store, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<CampaignView> list = [.. (await store.ListCampaignsAsync(corpId, cancellationToken)).Select(View)];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetAsync(
        string corpId, string campaignId, IAuthorizationStore authorizations, IFissionStore store, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await store.GetCampaignAsync(corpId, campaignId, cancellationToken) is { } campaign ? TypedResults.Ok(View(campaign)) : NoCampaign(corpId, campaignId);
    }

    private static async Task<Results<Created<ParticipantView>, Ok<ParticipantView>, ValidationProblem, ProblemHttpResult>> JoinAsync(
        string corpId, string campaignId, JoinRequest request, IAuthorizationStore authorizations, IFissionStore store, FissionPosters posters,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (request.ExternalUserId is not { } externalUserId || !ValidExternalUserId(externalUserId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["externalUserId"] = [$"The customer's external user id: 1-{ExternalUserIds.MaxLength} characters of [A-Za-z0-9_-]."],
            });
        }

        if (await store.GetCampaignAsync(corpId, campaignId, cancellationToken) is not { } campaign)
        {
            return NoCampaign(corpId, campaignId);
        }

        try
        {
            var (result, participant) = await posters.JoinAsync(corpId, campaign, externalUserId, cancellationToken);
            if (participant is null)
            {
                return result == FissionJoinResult.NoCampaign ? NoCampaign(corpId, campaignId)
                    : result == FissionJoinResult.StateTaken ? TypedResults.Problem(title: "no_free_state", detail: "No free state was drawn; try again.", statusCode: StatusCodes.Status503ServiceUnavailable)
                    : NotAuthorized(corpId);
            }

            loggers.CreateLogger(typeof(FissionEndpoints)).LogInformation(
                "Fission campaign {CampaignId} of corp {CorpId}: participant {ExternalUserId} holds state {State} (audit)", campaignId, corpId, externalUserId, participant.State);
            var view = View(participant);
            return result == FissionJoinResult.Joined
                ? TypedResults.Created($"/admin/corps/{corpId}/fission/campaigns/{campaignId}/participants/{externalUserId}", view)
                : TypedResults.Ok(view);
        }
        catch (WeComApiException ex)
        {
            return TypedResults.Problem(
                title: "wecom_refused",
                detail: $"WeCom refused {ex.Api}: errcode {ex.ErrCode} ({ex.ErrMsg}). The participant keeps their state; ask again for the poster.",
                statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static async Task<Results<Ok<ParticipantView>, ProblemHttpResult>> GetParticipantAsync(
        string corpId, string campaignId, string externalUserId, IAuthorizationStore authorizations, IFissionStore store, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!ValidCampaignId(campaignId))
        {
            return NoCampaign(corpId, campaignId);
        }

        return await store.GetParticipantAsync(corpId, campaignId, externalUserId, cancellationToken) is { } participant
            ? TypedResults.Ok(View(participant))
            : TypedResults.Problem(title: "no_participant", detail: $"{externalUserId} is no participant of campaign {campaignId}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<ParticipantView>>, ValidationProblem, ProblemHttpResult>> LeaderboardAsync(
        string corpId, string campaignId, int? top, IAuthorizationStore authorizations, IFissionStore store, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (top is < 1 or > MaxLeaderboard)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["top"] = [$"1-{MaxLeaderboard}."] });
        }

        if (!ValidCampaignId(campaignId) || await store.GetCampaignAsync(corpId, campaignId, cancellationToken) is null)
        {
            return NoCampaign(corpId, campaignId);
        }

        IReadOnlyList<ParticipantView> board = [.. (await store.LeaderboardAsync(corpId, campaignId, top ?? 10, cancellationToken)).Select(View)];
        return TypedResults.Ok(board);
    }

    private static Dictionary<string, string[]> Validate(FissionCampaign c)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ValidCampaignId(c.Id))
        {
            errors["id"] = [$"1-{FissionStates.MaxCampaignIdLength} characters of [a-z0-9-], not starting with '-'."];
        }

        if (c.Name.Length is 0 or > 64)
        {
            errors["name"] = ["1-64 characters."];
        }

        try
        {
            FissionStates.ValidatePrefix(c.StatePrefix);
        }
        catch (ArgumentException)
        {
            errors["statePrefix"] = [$"1-{FissionStates.MaxPrefixLength} characters of [A-Za-z0-9_-]: with the code a state stays within WeCom's {FissionStates.MaxStateLength}."];
        }

        if (c.Goal < 1)
        {
            errors["goal"] = ["At least 1."];
        }

        if (c.Reward.Length > 200)
        {
            errors["reward"] = ["At most 200 characters."];
        }

        if (c.Employees.Count is 0 or > MaxEmployees || c.Employees.Any(string.IsNullOrWhiteSpace))
        {
            errors["employees"] = [$"1-{MaxEmployees} employee userids: the members on every participant's contact way."];
        }

        if (c.EndsAt <= c.StartsAt)
        {
            errors["endsAt"] = ["After startsAt."];
        }

        if (c.DeleteWindow < TimeSpan.Zero || c.DeleteWindow > MaxDeleteWindow)
        {
            errors["deleteWindowMinutes"] = [$"0-{(int)MaxDeleteWindow.TotalMinutes}."];
        }

        return errors;
    }

    private static bool ValidCampaignId(string id)
    {
        try
        {
            FissionStates.ValidateCampaignId(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool ValidExternalUserId(string id)
    {
        try
        {
            ExternalUserIds.Validate(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<ProblemHttpResult?> RefuseAsync(string corpId, IAuthorizationStore authorizations, CancellationToken cancellationToken)
    {
        try
        {
            CorpKeys.Validate(corpId);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "invalid_corp_id", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        return (await authorizations.ListAsync(corpId, cancellationToken)).Any(g => g.Active) ? null : NotAuthorized(corpId);
    }

    private static CampaignView View(FissionCampaign c) =>
        new(c.Id, c.Name, c.StatePrefix, c.Goal, c.Reward, c.Employees, c.StartsAt, c.EndsAt, (int)c.DeleteWindow.TotalMinutes, c.CreatedAt);

    private static ParticipantView View(FissionParticipant p) =>
        new(p.CampaignId, p.ExternalUserId, p.State, p.PosterUrl, p.Inviter, p.Depth, p.Source, p.Credited, p.Level2, p.Level3, p.GoalReached, p.JoinedAt);

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    private static ProblemHttpResult NoCampaign(string corpId, string campaignId) =>
        TypedResults.Problem(title: "no_campaign", detail: $"Corp {corpId} has no fission campaign {campaignId}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NotAuthorized(string corpId) => TypedResults.Problem(
        title: "not_authorized",
        detail: $"Corp {corpId} holds no active grant (not installed, uninstalled, or its permanent code was refused): the gateway keeps no campaign for it.",
        statusCode: StatusCodes.Status404NotFound);
}
