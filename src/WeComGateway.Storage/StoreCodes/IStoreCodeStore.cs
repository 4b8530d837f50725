namespace WeComGateway.Storage.StoreCodes;

/// <summary>
/// A corp's stores, store campaigns, the codes handed out for them, the group join ways and group welcome templates the
/// gateway made, and their counters: fixed keys of the corp (<c>wecomgw:{corpId}:storecodes:…</c>), removed with its
/// last grant. Every write checks the corp's grant in the same step and answers false (or
/// <see cref="CountOutcome.NotAuthorized"/>) without one. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IStoreCodeStore
{
    Task<bool> SaveStoreAsync(string corpId, StoreSite store, CancellationToken cancellationToken);

    Task<StoreSite?> GetStoreAsync(string corpId, string storeId, CancellationToken cancellationToken);

    /// <summary>Every store of the corp, by id.</summary>
    Task<IReadOnlyList<StoreSite>> ListStoresAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Removes the store (its codes stay, so their events still count).</summary>
    Task<bool> DeleteStoreAsync(string corpId, string storeId, CancellationToken cancellationToken);

    Task<bool> SaveCampaignAsync(string corpId, StoreCampaign campaign, CancellationToken cancellationToken);

    Task<StoreCampaign?> GetCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoreCampaign>> ListCampaignsAsync(string corpId, CancellationToken cancellationToken);

    Task<bool> DeleteCampaignAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    Task<StoreCode?> GetCodeAsync(string corpId, string campaignId, string storeId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoreCode>> ListCodesAsync(string corpId, string campaignId, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps <paramref name="code"/> as the store's code in its campaign unless one is kept already, in one step (for a
    /// group code together with <paramref name="joinWay"/>, registered like <see cref="SaveJoinWayAsync"/>). Answers the
    /// code that is kept — the caller that made a different one deletes its own from WeCom — or null when the corp holds
    /// no grant.
    /// </summary>
    Task<StoreCode?> AddCodeAsync(string corpId, StoreCode code, GroupJoinWay? joinWay, CancellationToken cancellationToken);

    /// <summary>Stores the join way and points each of its chats at it (a chat in several ways counts for the last saved).</summary>
    Task<bool> SaveJoinWayAsync(string corpId, GroupJoinWay joinWay, CancellationToken cancellationToken);

    Task<GroupJoinWay?> GetJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupJoinWay>> ListJoinWaysAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>Removes the way and the chats that point at it; its counter stays.</summary>
    Task<bool> DeleteJoinWayAsync(string corpId, string configId, CancellationToken cancellationToken);

    /// <summary>The join way whose chats include <paramref name="chatId"/>.</summary>
    Task<GroupJoinWay?> FindJoinWayByChatAsync(string corpId, string chatId, CancellationToken cancellationToken);

    Task<bool> SaveTemplateAsync(string corpId, GroupWelcomeTemplateEntry template, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupWelcomeTemplateEntry>> ListTemplatesAsync(string corpId, CancellationToken cancellationToken);

    Task<bool> DeleteTemplateAsync(string corpId, string templateId, CancellationToken cancellationToken);

    /// <summary>Adds one to <paramref name="counter"/> (a hand-out: every call counts). False when the corp holds no grant.</summary>
    Task<bool> IncrementAsync(string corpId, string counter, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="amount"/> to each of <paramref name="counters"/> unless <paramref name="eventKey"/> was counted
    /// within <paramref name="window"/> before <paramref name="now"/>: the check and the counts are one step, so a
    /// redelivered or duplicated event counts once however the deliveries interleave. The result carries the first
    /// counter's value after the step (for a duplicate: as it stands).
    /// </summary>
    Task<CountResult> CountOnceAsync(
        string corpId, string eventKey, IReadOnlyList<string> counters, long amount, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);

    Task<StoreCodeCounts> GetCountsAsync(string corpId, CancellationToken cancellationToken);
}
