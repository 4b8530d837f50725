namespace WeComGateway.Storage.StoreCodes;

/// <summary>
/// A store (门店) of a corp: where it is, whether it is open, and who serves its customers — the employees its 联系我
/// code names (<see cref="Employees"/>) and the customer groups its 加入群聊 code leads to (<see cref="ChatIds"/>, ≤ 5).
/// </summary>
/// <param name="Id">Short and stable (<see cref="StoreCodeIds"/>): it becomes part of the <c>state</c> of the store's codes.</param>
/// <param name="Open">Closed by hand (renovation, holiday) when false, whatever <paramref name="Hours"/> says.</param>
/// <param name="Hours">Daily opening hours <c>HH:mm-HH:mm</c> in the store-code time zone (past midnight allowed: <c>20:00-02:00</c>); null = always while <paramref name="Open"/>.</param>
public sealed record StoreSite(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    string? Address,
    bool Open,
    string? Hours,
    IReadOnlyList<string> Employees,
    IReadOnlyList<string> ChatIds,
    DateTimeOffset UpdatedAt);

/// <summary>How a campaign's codes reach the store.</summary>
public enum StoreCodeKind
{
    /// <summary>A 联系我 QR code (add_contact_way) over the store's employees.</summary>
    Contact,

    /// <summary>A 加入群聊 QR code (groupchat/add_join_way) over the store's group chats.</summary>
    Group,
}

/// <summary>
/// One code per campaign: its landing page sends the customer's position, the gateway answers the nearest open store's
/// code. <paramref name="StoreIds"/> empty = every store of the corp.
/// </summary>
/// <param name="MaxDistanceKm">No store farther than this is handed out (null: no limit).</param>
public sealed record StoreCampaign(
    string Id,
    string Name,
    StoreCodeKind Kind,
    double? MaxDistanceKm,
    IReadOnlyList<string> StoreIds,
    DateTimeOffset CreatedAt);

/// <summary>
/// A store's code within a campaign, made through WeCom the first time the store was handed out for it: the
/// <see cref="ConfigId"/> of the contact way or join way, its QR code and the <see cref="State"/> that names both.
/// </summary>
public sealed record StoreCode(
    string CampaignId,
    string StoreId,
    StoreCodeKind Kind,
    string ConfigId,
    string? QrCode,
    string State,
    DateTimeOffset CreatedAt);

/// <summary>
/// A 加入群聊 way the gateway made (a group code of its own, or a store's in a campaign): joins into its chats by QR code
/// are counted for it. <see cref="CampaignId"/> and <see cref="StoreId"/> are set for a store's way.
/// </summary>
public sealed record GroupJoinWay(
    string ConfigId,
    int Scene,
    string? Remark,
    string? State,
    IReadOnlyList<string> ChatIds,
    bool AutoCreateRoom,
    string? RoomBaseName,
    int? RoomBaseId,
    string? QrCode,
    string? CampaignId,
    string? StoreId,
    DateTimeOffset CreatedAt);

/// <summary>A 入群欢迎语 template the gateway made (WeCom has no list API: this is the list).</summary>
public sealed record GroupWelcomeTemplateEntry(string TemplateId, string Name, string? Text, string? AttachmentType, DateTimeOffset CreatedAt);

/// <summary>What <see cref="IStoreCodeStore.CountOnceAsync"/> did.</summary>
public enum CountOutcome
{
    Counted,

    /// <summary>The event was counted before (a redelivery or a duplicate): nothing changed.</summary>
    Duplicate,

    /// <summary>The corp holds no grant: nothing of it may be written.</summary>
    NotAuthorized,
}

/// <summary>What <see cref="IStoreCodeStore.CountOnceAsync"/> did, and the first counter's value after it.</summary>
public sealed record CountResult(CountOutcome Outcome, long Total);

/// <summary>The counters of the store codes and group codes of a corp, by name (see <see cref="StoreCodeCounters"/>).</summary>
public sealed record StoreCodeCounts(IReadOnlyDictionary<string, long> Values)
{
    public long Get(string counter) => Values.GetValueOrDefault(counter);
}

/// <summary>The names of the counters.</summary>
public static class StoreCodeCounters
{
    /// <summary>Times the store's code was handed out for the campaign.</summary>
    public static string Resolved(string campaignId, string storeId) => $"store:{campaignId}:{storeId}:resolved";

    /// <summary>Customers added through the store's contact way in the campaign (add_external_contact with its state).</summary>
    public static string Adds(string campaignId, string storeId) => $"store:{campaignId}:{storeId}:adds";

    /// <summary>Members who joined the store's group chats by scanning its join way's QR code in the campaign.</summary>
    public static string Joins(string campaignId, string storeId) => $"store:{campaignId}:{storeId}:joins";

    /// <summary>Members who joined a join way's chats by scanning a group QR code.</summary>
    public static string WayJoins(string configId) => $"way:{configId}:joins";
}
