using MassTransit;
using Microsoft.Extensions.Options;
using WeComGateway.Automation.Stores;
using WeComGateway.Contracts;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Admin.StoreCodes;

/// <summary>What <see cref="StoreCodeIssuer.ResolveAsync"/> found.</summary>
public enum ResolveOutcome
{
    Resolved,
    CampaignNotFound,

    /// <summary>No store of the campaign is open, has someone to hand out (employees or chats) and lies within its radius.</summary>
    NoOpenStore,

    NotAuthorized,
}

public sealed record StoreResolution(ResolveOutcome Outcome, StoreSite? Store = null, StoreCode? Code = null, double DistanceKm = 0);

/// <summary>
/// 区域扫码: sends a customer's position to the nearest open store of a campaign and hands out that store's code,
/// made through WeCom the first time (add_contact_way over the store's employees, or add_join_way over its chats, with
/// the state <c>st:{campaign}:{store}</c>). Replicas racing to make the same store's first code all answer the one
/// that was kept; the others delete theirs from WeCom again.
/// </summary>
public sealed partial class StoreCodeIssuer(
    IStoreCodeStore store,
    IWeComExternalContactApi wecom,
    CorpGrantSelector grants,
    IPublishEndpoint publisher,
    IOptionsMonitor<StoreCodeOptions> options,
    TimeProvider time,
    ILogger<StoreCodeIssuer> logger)
{
    public const int MaxChatsPerWay = 5;

    public async Task<StoreResolution> ResolveAsync(string corpId, string campaignId, double latitude, double longitude, CancellationToken cancellationToken)
    {
        if (await store.GetCampaignAsync(corpId, campaignId, cancellationToken) is not { } campaign)
        {
            return new StoreResolution(ResolveOutcome.CampaignNotFound);
        }

        var stores = (await store.ListStoresAsync(corpId, cancellationToken))
            .Where(s => campaign.StoreIds.Count == 0 || campaign.StoreIds.Contains(s.Id))
            .Where(s => campaign.Kind == StoreCodeKind.Contact ? s.Employees.Count > 0 : s.ChatIds.Count > 0)
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        var localNow = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.CurrentValue.Zone()).DateTime);
        var nearest = StoreLocator.Nearest(
            stores.Values.Select(s => new StorePlace(s.Id, s.Latitude, s.Longitude, s.Open, s.Hours)), latitude, longitude, localNow, campaign.MaxDistanceKm);
        if (nearest is null)
        {
            return new StoreResolution(ResolveOutcome.NoOpenStore);
        }

        var site = stores[nearest.Store.Id];
        var code = await store.GetCodeAsync(corpId, campaign.Id, site.Id, cancellationToken)
            ?? await CreateCodeAsync(corpId, campaign, site, cancellationToken);
        if (code is null || !await store.IncrementAsync(corpId, StoreCodeCounters.Resolved(campaign.Id, site.Id), cancellationToken))
        {
            return new StoreResolution(ResolveOutcome.NotAuthorized);
        }

        await publisher.Publish(
            new StoreCodeResolved
            {
                CorpId = corpId, CampaignId = campaign.Id, StoreId = site.Id, Kind = KindName(code.Kind), State = code.State,
                DistanceKm = Math.Round(nearest.DistanceKm, 3), ResolvedAt = time.GetUtcNow(),
            },
            cancellationToken);
        return new StoreResolution(ResolveOutcome.Resolved, site, code, nearest.DistanceKm);
    }

    public static string KindName(StoreCodeKind kind) => kind == StoreCodeKind.Group ? "group" : "contact";

    private async Task<StoreCode?> CreateCodeAsync(string corpId, StoreCampaign campaign, StoreSite site, CancellationToken cancellationToken)
    {
        if (await grants.SelectAsync(corpId, cancellationToken) is not { } grant)
        {
            return null;
        }

        var state = StoreCodeIds.State(campaign.Id, site.Id);
        var remark = Cut($"{campaign.Id}/{site.Id}", 30);
        StoreCode made;
        GroupJoinWay? way = null;
        if (campaign.Kind == StoreCodeKind.Contact)
        {
            var answer = await wecom.AddContactWayAsync(
                new AddContactWayRequest(site.Employees.Count == 1 ? 1 : 2, Scene: 2)
                {
                    State = state, Remark = remark, User = site.Employees, SkipVerify = options.CurrentValue.SkipVerify,
                },
                grant.TokenKey,
                cancellationToken);
            made = new StoreCode(campaign.Id, site.Id, StoreCodeKind.Contact, answer.ConfigId!, answer.QrCode, state, time.GetUtcNow());
        }
        else
        {
            var chats = site.ChatIds.Take(MaxChatsPerWay).ToList();
            var request = new JoinWayRequest(Scene: 2, chats)
            {
                State = state, Remark = remark, AutoCreateRoom = 1, RoomBaseName = Cut(site.Name, 40), RoomBaseId = 1,
            };
            var configId = (await wecom.AddJoinWayAsync(request, grant.TokenKey, cancellationToken)).ConfigId!;
            var qr = (await wecom.GetJoinWayAsync(new JoinWayIdRequest(configId), grant.TokenKey, cancellationToken)).JoinWay?.QrCode;
            made = new StoreCode(campaign.Id, site.Id, StoreCodeKind.Group, configId, qr, state, time.GetUtcNow());
            way = new GroupJoinWay(configId, 2, remark, state, chats, true, request.RoomBaseName, 1, qr, campaign.Id, site.Id, made.CreatedAt);
        }

        var kept = await store.AddCodeAsync(corpId, made, way, cancellationToken);
        if (kept?.ConfigId != made.ConfigId)
        {
            // Another replica's code was kept first, or the corp's grant went meanwhile: ours must not stay in WeCom.
            LogDiscarded(corpId, campaign.Id, site.Id);
            await DeleteAsync(made, grant.TokenKey, cancellationToken);
        }
        else
        {
            LogCreated(corpId, campaign.Id, site.Id, KindName(made.Kind));
        }

        return kept;
    }

    private Task DeleteAsync(StoreCode code, TokenKey token, CancellationToken cancellationToken) =>
        code.Kind == StoreCodeKind.Contact
            ? wecom.DeleteContactWayAsync(new ContactWayIdRequest(code.ConfigId), token, cancellationToken)
            : wecom.DeleteJoinWayAsync(new JoinWayIdRequest(code.ConfigId), token, cancellationToken);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId} of corp {CorpId} got its {Kind} code for campaign {CampaignId}")]
    private partial void LogCreated(string corpId, string campaignId, string storeId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId} of corp {CorpId} already had a code for campaign {CampaignId}: the one made meanwhile was deleted")]
    private partial void LogDiscarded(string corpId, string campaignId, string storeId);
}
