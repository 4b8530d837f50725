using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Admin.StoreCodes;
using WeComGateway.Automation.Stores;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.WeComApi.Errors;
using static WeComGateway.Admin.StoreCodes.StoreCodeProblems;

namespace WeComGateway.Admin;

/// <summary>
/// Store codes (区域扫码 / 门店活码) of a corp: its stores (<c>/admin/corps/{corpId}/stores</c>), its store campaigns
/// (<c>/store-campaigns</c>) with their counts per store, and a campaign's landing
/// (<c>GET /store-campaigns/{id}/resolve?lat=&amp;lng=</c>) that answers the nearest open store's code. A corp that holds no
/// grant is refused (404 <c>not_authorized</c>).
/// </summary>
public static class StoreCodeEndpoints
{
    private const string Corp = "/corps/{corpId:length(1,64)}";

    public static RouteGroupBuilder MapStoreCodeAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet(Corp + "/stores", ListStoresAsync).WithTags("Store codes").WithSummary("The corp's stores, by id.");
        admin.MapGet(Corp + "/stores/{storeId}", GetStoreAsync).WithTags("Store codes").WithSummary("One store.");
        admin.MapPut(Corp + "/stores/{storeId}", PutStoreAsync).WithTags("Store codes")
            .WithSummary("Create or replace a store: position, address, open or closed, opening hours, employees, group chats.");
        admin.MapDelete(Corp + "/stores/{storeId}", DeleteStoreAsync).WithTags("Store codes").WithSummary("Remove a store (its codes keep counting).");
        admin.MapGet(Corp + "/store-campaigns", ListCampaignsAsync).WithTags("Store codes").WithSummary("The corp's store campaigns.");
        admin.MapGet(Corp + "/store-campaigns/{campaignId}", GetCampaignAsync).WithTags("Store codes")
            .WithSummary("A store campaign with each store's code and counts (resolutions handed out, adds, group joins).");
        admin.MapPut(Corp + "/store-campaigns/{campaignId}", PutCampaignAsync).WithTags("Store codes")
            .WithSummary("Create or replace a store campaign: contact (employees) or group (chats), the stores it covers, a maximum distance.");
        admin.MapDelete(Corp + "/store-campaigns/{campaignId}", DeleteCampaignAsync).WithTags("Store codes").WithSummary("Remove a store campaign.");
        admin.MapGet(Corp + "/store-campaigns/{campaignId}/resolve", ResolveAsync).WithTags("Store codes")
            .WithSummary("The landing: the nearest open store to lat/lng and its code (made in WeCom on first use).");
        return admin;
    }

    /// <param name="Open">False: closed by hand (default true).</param>
    /// <param name="Hours">Daily opening hours <c>HH:mm-HH:mm</c> in StoreCodes:TimeZone; null = all day.</param>
    public sealed record StoreInput(
        string Name, double Latitude, double Longitude, string? Address, bool? Open, string? Hours, IReadOnlyList<string>? Employees, IReadOnlyList<string>? ChatIds);

    /// <param name="Kind"><c>contact</c> (the store's employees, add_contact_way) or <c>group</c> (its chats, add_join_way).</param>
    /// <param name="StoreIds">The stores it covers; empty or absent = all.</param>
    public sealed record CampaignInput(string Name, string Kind, double? MaxDistanceKm, IReadOnlyList<string>? StoreIds);

    public sealed record CampaignView(string Id, string Name, string Kind, double? MaxDistanceKm, IReadOnlyList<string> StoreIds, DateTimeOffset CreatedAt);

    public sealed record StoreCodeRow(string StoreId, string? StoreName, string? State, string? ConfigId, string? QrCode, long Resolved, long Adds, long Joins);

    public sealed record CampaignDetail(CampaignView Campaign, IReadOnlyList<StoreCodeRow> Stores);

    public sealed record Resolution(
        string CampaignId, string StoreId, string StoreName, string? Address, double Latitude, double Longitude, double DistanceKm,
        string Kind, string State, string ConfigId, string? QrCode);

    private static async Task<Results<Ok<IReadOnlyList<StoreSite>>, ProblemHttpResult>> ListStoresAsync(string corpId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid : TypedResults.Ok(await store.ListStoresAsync(corpId, cancellationToken));

    private static async Task<Results<Ok<StoreSite>, ProblemHttpResult>> GetStoreAsync(string corpId, string storeId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid
        : await store.GetStoreAsync(corpId, storeId, cancellationToken) is { } site ? TypedResults.Ok(site)
        : NotFound($"store {storeId}");

    private static async Task<Results<Ok<StoreSite>, ProblemHttpResult>> PutStoreAsync(
        string corpId, string storeId, StoreInput input, IStoreCodeStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        var employees = Distinct(input.Employees);
        var chats = Distinct(input.ChatIds);
        var problem = !StoreCodeIds.IsStoreId(storeId) ? $"a store id is 1-{StoreCodeIds.MaxStoreId} characters of a-z, 0-9 and '-' (it becomes part of the code's state)"
            : string.IsNullOrWhiteSpace(input.Name) ? "name is required"
            : !StoreLocator.IsPosition(input.Latitude, input.Longitude) ? "latitude must be within ±90 and longitude within ±180"
            : input.Hours is { } hours && !StoreLocator.TryParseHours(hours, out _, out _) ? "hours must be HH:mm-HH:mm (two different times)"
            : employees.Count > 100 ? "a contact way takes at most 100 employees"
            : chats.Count > StoreCodeIssuer.MaxChatsPerWay ? $"a join way takes at most {StoreCodeIssuer.MaxChatsPerWay} group chats"
            : null;
        if (problem is not null)
        {
            return Invalid(problem);
        }

        var site = new StoreSite(storeId, input.Name.Trim(), input.Latitude, input.Longitude, input.Address, input.Open ?? true, input.Hours, employees, chats, time.GetUtcNow());
        return await store.SaveStoreAsync(corpId, site, cancellationToken) ? TypedResults.Ok(site) : NotAuthorized(corpId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStoreAsync(string corpId, string storeId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid
        : await store.DeleteStoreAsync(corpId, storeId, cancellationToken) ? TypedResults.NoContent()
        : NotFound($"store {storeId}");

    private static async Task<Results<Ok<IReadOnlyList<CampaignView>>, ProblemHttpResult>> ListCampaignsAsync(string corpId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid : TypedResults.Ok<IReadOnlyList<CampaignView>>([.. (await store.ListCampaignsAsync(corpId, cancellationToken)).Select(View)]);

    private static async Task<Results<Ok<CampaignDetail>, ProblemHttpResult>> GetCampaignAsync(string corpId, string campaignId, IStoreCodeStore store, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        if (await store.GetCampaignAsync(corpId, campaignId, cancellationToken) is not { } campaign)
        {
            return NotFound($"store campaign {campaignId}");
        }

        var stores = (await store.ListStoresAsync(corpId, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var codes = (await store.ListCodesAsync(corpId, campaignId, cancellationToken)).ToDictionary(c => c.StoreId, StringComparer.Ordinal);
        var counts = await store.GetCountsAsync(corpId, cancellationToken);
        var ids = (campaign.StoreIds.Count > 0 ? campaign.StoreIds : (IEnumerable<string>)stores.Keys).Union(codes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var rows = ids.Select(id => new StoreCodeRow(
            id,
            stores.GetValueOrDefault(id)?.Name,
            codes.GetValueOrDefault(id)?.State,
            codes.GetValueOrDefault(id)?.ConfigId,
            codes.GetValueOrDefault(id)?.QrCode,
            counts.Get(StoreCodeCounters.Resolved(campaignId, id)),
            counts.Get(StoreCodeCounters.Adds(campaignId, id)),
            counts.Get(StoreCodeCounters.Joins(campaignId, id))));
        return TypedResults.Ok(new CampaignDetail(View(campaign), [.. rows]));
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> PutCampaignAsync(
        string corpId, string campaignId, CampaignInput input, IStoreCodeStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        var storeIds = Distinct(input.StoreIds);
        var problem = !StoreCodeIds.IsCampaignId(campaignId) ? $"a campaign id is 1-{StoreCodeIds.MaxCampaignId} characters of a-z, 0-9 and '-' (it becomes part of the code's state)"
            : string.IsNullOrWhiteSpace(input.Name) ? "name is required"
            : input.Kind is not ("contact" or "group") ? "kind is contact or group"
            : input.MaxDistanceKm is { } max && !(max > 0 && double.IsFinite(max)) ? "maxDistanceKm must be a positive number"
            : storeIds.FirstOrDefault(id => !StoreCodeIds.IsStoreId(id)) is { } bad ? $"'{bad}' is not a store id"
            : null;
        if (problem is not null)
        {
            return Invalid(problem);
        }

        var createdAt = (await store.GetCampaignAsync(corpId, campaignId, cancellationToken))?.CreatedAt ?? time.GetUtcNow();
        var campaign = new StoreCampaign(campaignId, input.Name.Trim(), input.Kind == "group" ? StoreCodeKind.Group : StoreCodeKind.Contact, input.MaxDistanceKm, storeIds, createdAt);
        return await store.SaveCampaignAsync(corpId, campaign, cancellationToken) ? TypedResults.Ok(View(campaign)) : NotAuthorized(corpId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCampaignAsync(string corpId, string campaignId, IStoreCodeStore store, CancellationToken cancellationToken) =>
        InvalidCorp(corpId) is { } invalid ? invalid
        : await store.DeleteCampaignAsync(corpId, campaignId, cancellationToken) ? TypedResults.NoContent()
        : NotFound($"store campaign {campaignId}");

    private static async Task<Results<Ok<Resolution>, ProblemHttpResult>> ResolveAsync(
        string corpId, string campaignId, string? lat, string? lng, StoreCodeIssuer issuer, CancellationToken cancellationToken)
    {
        if (InvalidCorp(corpId) is { } invalid)
        {
            return invalid;
        }

        if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(lng, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            || !StoreLocator.IsPosition(latitude, longitude))
        {
            return Invalid("lat and lng are required: decimal degrees, latitude within ±90 and longitude within ±180");
        }

        StoreResolution resolution;
        try
        {
            resolution = await issuer.ResolveAsync(corpId, campaignId, latitude, longitude, cancellationToken);
        }
        catch (WeComApiException ex)
        {
            return WeCom(ex);
        }

        return resolution switch
        {
            { Outcome: ResolveOutcome.Resolved, Store: { } s, Code: { } c } => TypedResults.Ok(new Resolution(
                campaignId, s.Id, s.Name, s.Address, s.Latitude, s.Longitude, Math.Round(resolution.DistanceKm, 3),
                StoreCodeIssuer.KindName(c.Kind), c.State, c.ConfigId, c.QrCode)),
            { Outcome: ResolveOutcome.CampaignNotFound } => NotFound($"store campaign {campaignId}"),
            { Outcome: ResolveOutcome.NoOpenStore } => TypedResults.Problem(
                title: "no_open_store",
                detail: "No store of the campaign is open and within its maximum distance of this position.",
                statusCode: StatusCodes.Status404NotFound),
            _ => NotAuthorized(corpId),
        };
    }

    private static CampaignView View(StoreCampaign c) => new(c.Id, c.Name, StoreCodeIssuer.KindName(c.Kind), c.MaxDistanceKm, c.StoreIds, c.CreatedAt);

    private static List<string> Distinct(IReadOnlyList<string>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];
}
