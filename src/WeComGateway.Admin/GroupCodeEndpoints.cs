using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Admin.StoreCodes;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using static WeComGateway.Admin.StoreCodes.StoreCodeProblems;

namespace WeComGateway.Admin;

/// <summary>
/// Group codes of a corp: 加入群聊 ways (<c>/admin/corps/{corpId}/join-ways</c>, WeCom's groupchat/*_join_way, joins by
/// QR code counted per way) and group welcome templates (<c>/group-welcome-templates</c>, group_welcome_template/*).
/// WeCom's limits are checked first (400); WeCom's refusals answer 502 with its errcode.
/// </summary>
public static class GroupCodeEndpoints
{
    private const string Corp = "/corps/{corpId:length(1,64)}";

    public static RouteGroupBuilder MapGroupCodeAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet(Corp + "/join-ways", ListWaysAsync).WithTags("Group codes").WithSummary("The join ways the gateway made, with their join counts.");
        admin.MapGet(Corp + "/join-ways/{configId}", GetWayAsync).WithTags("Group codes").WithSummary("One join way and its join count.");
        admin.MapPost(Corp + "/join-ways", CreateWayAsync).WithTags("Group codes")
            .WithSummary("Make a join way (scene 1 mini-program / 2 QR code, 1-5 chats, a new group when full, state ≤ 30).");
        admin.MapPut(Corp + "/join-ways/{configId}", UpdateWayAsync).WithTags("Group codes").WithSummary("Change a join way (its chats and settings are replaced).");
        admin.MapDelete(Corp + "/join-ways/{configId}", DeleteWayAsync).WithTags("Group codes").WithSummary("Delete a join way in WeCom and here (its count stays).");
        admin.MapGet(Corp + "/group-welcome-templates", ListTemplatesAsync).WithTags("Group codes").WithSummary("The group welcome templates the gateway made.");
        admin.MapGet(Corp + "/group-welcome-templates/{templateId}", GetTemplateAsync).WithTags("Group codes").WithSummary("A template as WeCom has it.");
        admin.MapPost(Corp + "/group-welcome-templates", CreateTemplateAsync).WithTags("Group codes")
            .WithSummary("Add a group welcome template: text (≤ 4000 bytes) and at most one attachment; ≤ 100 per corp.");
        admin.MapPut(Corp + "/group-welcome-templates/{templateId}", EditTemplateAsync).WithTags("Group codes").WithSummary("Edit a template.");
        admin.MapDelete(Corp + "/group-welcome-templates/{templateId}", DeleteTemplateAsync).WithTags("Group codes").WithSummary("Delete a template.");
        return admin;
    }

    public sealed record JoinWayView(
        string ConfigId, int Scene, string? Remark, string? State, IReadOnlyList<string> ChatIds, bool AutoCreateRoom, string? RoomBaseName,
        int? RoomBaseId, string? QrCode, string? CampaignId, string? StoreId, DateTimeOffset CreatedAt, long Joins);

    private static async Task<Results<Ok<IReadOnlyList<JoinWayView>>, ProblemHttpResult>> ListWaysAsync(string corpId, IStoreCodeStore store, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        var counts = await store.GetCountsAsync(corpId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<JoinWayView>>([.. (await store.ListJoinWaysAsync(corpId, cancellationToken)).Select(w => View(w, counts))]);
    }

    private static async Task<Results<Ok<JoinWayView>, ProblemHttpResult>> GetWayAsync(string corpId, string configId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid
        : await store.GetJoinWayAsync(corpId, configId, cancellationToken) is { } way ? TypedResults.Ok(View(way, await store.GetCountsAsync(corpId, cancellationToken)))
        : NotFound($"join way {configId}");

    private static async Task<Results<Created<JoinWayView>, ProblemHttpResult>> CreateWayAsync(
        string corpId, JoinWaySpec spec, GroupCodeManager manager, CancellationToken cancellationToken)
    {
        if (Check(corpId, spec.Problem()) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.CreateJoinWayAsync(corpId, spec, cancellationToken) is { } way
                ? TypedResults.Created($"/admin/corps/{corpId}/join-ways/{way.ConfigId}", View(way, null))
                : NotAuthorized(corpId);
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<Ok<JoinWayView>, ProblemHttpResult>> UpdateWayAsync(
        string corpId, string configId, JoinWaySpec spec, GroupCodeManager manager, IStoreCodeStore store, CancellationToken cancellationToken)
    {
        if (Check(corpId, spec.Problem()) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.UpdateJoinWayAsync(corpId, configId, spec, cancellationToken) is { } way
                ? TypedResults.Ok(View(way, await store.GetCountsAsync(corpId, cancellationToken)))
                : NotFound($"join way {configId} made by the gateway for a corp with a grant");
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteWayAsync(string corpId, string configId, GroupCodeManager manager, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.DeleteJoinWayAsync(corpId, configId, cancellationToken) ? TypedResults.NoContent() : NotFound($"join way {configId}");
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<GroupWelcomeTemplateEntry>>, ProblemHttpResult>> ListTemplatesAsync(string corpId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid : TypedResults.Ok(await store.ListTemplatesAsync(corpId, cancellationToken));

    private static async Task<Results<Ok<GetGroupWelcomeTemplateResponse>, ProblemHttpResult>> GetTemplateAsync(
        string corpId, string templateId, GroupCodeManager manager, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.GetTemplateAsync(corpId, templateId, cancellationToken) is { } template ? TypedResults.Ok(template) : NotFound($"group welcome template {templateId}");
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<Created<GroupWelcomeTemplateEntry>, ProblemHttpResult>> CreateTemplateAsync(
        string corpId, GroupWelcomeTemplateSpec spec, GroupCodeManager manager, IStoreCodeStore store, CancellationToken cancellationToken)
    {
        if (Check(corpId, spec.Problem()) is { } invalid)
        {
            return invalid;
        }

        if ((await store.ListTemplatesAsync(corpId, cancellationToken)).Count >= GroupWelcomeTemplateSpec.MaxTemplates)
        {
            return Invalid($"the corp's group welcome library holds {GroupWelcomeTemplateSpec.MaxTemplates} templates already");
        }

        try
        {
            return await manager.CreateTemplateAsync(corpId, spec, cancellationToken) is { } entry
                ? TypedResults.Created($"/admin/corps/{corpId}/group-welcome-templates/{entry.TemplateId}", entry)
                : NotAuthorized(corpId);
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<Ok<GroupWelcomeTemplateEntry>, ProblemHttpResult>> EditTemplateAsync(
        string corpId, string templateId, GroupWelcomeTemplateSpec spec, GroupCodeManager manager, CancellationToken cancellationToken)
    {
        if (Check(corpId, spec.Problem()) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.EditTemplateAsync(corpId, templateId, spec, cancellationToken) is { } entry ? TypedResults.Ok(entry) : NotFound($"group welcome template {templateId}");
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTemplateAsync(string corpId, string templateId, GroupCodeManager manager, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await manager.DeleteTemplateAsync(corpId, templateId, cancellationToken) ? TypedResults.NoContent() : NotFound($"group welcome template {templateId}");
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }
    }

    private static JoinWayView View(GroupJoinWay w, StoreCodeCounts? counts) => new(
        w.ConfigId, w.Scene, w.Remark, w.State, w.ChatIds, w.AutoCreateRoom, w.RoomBaseName, w.RoomBaseId, w.QrCode, w.CampaignId, w.StoreId, w.CreatedAt,
        counts?.Get(StoreCodeCounters.WayJoins(w.ConfigId)) ?? 0);
}
