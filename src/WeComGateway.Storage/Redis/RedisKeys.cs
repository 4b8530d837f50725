using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.StoreCodes;

namespace WeComGateway.Storage.Redis;

/// <summary>
/// Every Redis key the gateway writes, in one place (prefix <c>wecomgw:</c>). Every key of one corp starts with
/// <c>wecomgw:{corpId}:</c>: the braces are a Redis Cluster hash tag, so all keys of a corp live in one hash slot and
/// one script may touch several of them. Keys that are not a corp's (suite tickets, dedupe claims, the outbox, locks,
/// provider and suite tokens, the global corps set) are only ever used one key per command or script.
/// </summary>
public static class RedisKeys
{
    public const string Prefix = "wecomgw:";

    public static RedisKey Dedupe(string dedupeKey) => $"{Prefix}dedupe:{dedupeKey}";

    public static RedisKey SuiteTicket(string suiteId) => $"{Prefix}suite:{suiteId}:ticket";

    /// <summary>One grant: the corp's authorization of one suite (a hash; the permanent code encrypted).</summary>
    public static RedisKey CorpGrant(string corpId, string suiteId) => $"{CorpPrefix(corpId)}auth:{CorpKeys.ValidateSuite(suiteId)}";

    /// <summary>
    /// The suites the corp holds a grant of (a set). While it exists the corp's data may be written; every script that
    /// writes a corp's data checks it, so once the last grant is removed nothing of the corp comes back.
    /// </summary>
    public static RedisKey CorpGrants(string corpId) => $"{CorpPrefix(corpId)}grants";

    /// <summary>The corp's access token obtained through one suite's grant (the token store's name, prefix included).</summary>
    public static RedisKey CorpToken(string corpId, string suiteId) => $"{CorpPrefix(corpId)}suite:{CorpKeys.ValidateSuite(suiteId)}:token";

    public static RedisKey Outbox => $"{Prefix}outbox";

    public static RedisKey Lock(string name) => $"{Prefix}lock:{name}";

    /// <summary>A customer's facts: a hash with <c>json</c> and <c>version</c>. Both ids are validated.</summary>
    public static RedisKey CustomerFacts(string corpId, string externalUserId) =>
        $"{CorpPrefix(corpId)}customer:{ExternalUserIds.Validate(externalUserId)}";

    /// <summary>The corp's due index: a sorted set of external user ids scored by due time (unix ms).</summary>
    public static RedisKey CustomersDue(string corpId) => $"{CorpPrefix(corpId)}customers:due";

    /// <summary>Every customer of the corp with stored facts: a set of external user ids, added by the facts write (campaign audiences read it).</summary>
    public static RedisKey CustomersAll(string corpId) => $"{CorpPrefix(corpId)}customers:all";

    /// <summary>The one customer key outside a corp's space: the set of corps that have customers (single-key commands only).</summary>
    public static RedisKey AutomationCorps => $"{Prefix}automation:corps";

    /// <summary>A welcome-code claim, named by the code's fingerprint: the code itself never becomes a key.</summary>
    public static RedisKey WelcomeClaim(string corpId, string welcomeCode) => $"{CorpPrefix(corpId)}welcome:{WelcomeCodes.Fingerprint(welcomeCode)}";

    /// <summary>The cached JSON snapshot of the corp's tag list.</summary>
    public static RedisKey CorpTags(string corpId) => $"{CorpPrefix(corpId)}tags";

    /// <summary>The corp's rule-set override: a hash with <c>json</c> and <c>updated_at</c>.</summary>
    public static RedisKey CorpRules(string corpId) => $"{CorpPrefix(corpId)}rules";

    public static RedisKey CorpEmployees(string corpId) => $"{CorpPrefix(corpId)}employees";

    /// <summary>The corp's existing-customer backfill progress: a hash (state, run, position, WeCom cursor, counts, times).</summary>
    public static RedisKey CustomerBackfill(string corpId) => $"{CorpPrefix(corpId)}backfill";

    /// <summary>The corp's fission campaigns: a hash of campaign id → JSON (docs/fission.md).</summary>
    public static RedisKey FissionCampaigns(string corpId) => $"{CorpPrefix(corpId)}fission:campaigns";

    /// <summary>Participants' states: a hash of state → "{campaignId} {externalUserId}".</summary>
    public static RedisKey FissionStates(string corpId) => $"{CorpPrefix(corpId)}fission:states";

    /// <summary>What the campaigns know of each customer (first add, deletes, the credit): a hash of external user id → JSON.</summary>
    public static RedisKey FissionCustomers(string corpId) => $"{CorpPrefix(corpId)}fission:customers";

    /// <summary>A campaign's participants: a hash of external user id → JSON (in the key index).</summary>
    public static RedisKey FissionParticipants(string corpId, string campaignId) => $"{CorpPrefix(corpId)}fission:{campaignId}:participants";

    /// <summary>A campaign's counts: a hash of <c>{participant}|1</c>, <c>|2</c>, <c>|3</c> (levels) and <c>|goal</c> (in the key index).</summary>
    public static RedisKey FissionCounts(string corpId, string campaignId) => $"{CorpPrefix(corpId)}fission:{campaignId}:counts";

    /// <summary>A campaign's leaderboard: a sorted set of participants by credited count (in the key index).</summary>
    public static RedisKey FissionBoard(string corpId, string campaignId) => $"{CorpPrefix(corpId)}fission:{campaignId}:board";
    /// <summary>One lead: a hash (phone, name, source, tags, status, assignment, conversion). Named in the corp's key index.</summary>
    public static RedisKey Lead(string corpId, string leadId) => $"{CorpPrefix(corpId)}lead:{Leads.LeadIds.Validate(leadId)}";

    /// <summary>The corp's leads by phone: a hash phone → lead id.</summary>
    public static RedisKey LeadPhones(string corpId) => $"{CorpPrefix(corpId)}leads:phones";

    /// <summary>Leads waiting for an employee: a sorted set of lead ids by when they entered the pool.</summary>
    public static RedisKey LeadPool(string corpId) => $"{CorpPrefix(corpId)}leads:pool";

    /// <summary>Assigned leads by when the scheduler must look at them (reminder, then deadline): a sorted set, unix ms.</summary>
    public static RedisKey LeadsDue(string corpId) => $"{CorpPrefix(corpId)}leads:due";

    /// <summary>The rotation: a hash with <c>version</c> and <c>cursor</c>.</summary>
    public static RedisKey LeadAssignment(string corpId) => $"{CorpPrefix(corpId)}leads:assign";

    /// <summary>Leads given per employee on one corp-local day (<c>yyyyMMdd</c>): a hash userid → count, expiring. Indexed.</summary>
    public static RedisKey LeadDay(string corpId, string day) => $"{CorpPrefix(corpId)}leads:day:{Leads.LeadIds.ValidateDay(day)}";

    /// <summary>The report counters: a hash <c>{kind}\t{userid}\t{source}</c> → count.</summary>
    public static RedisKey LeadReport(string corpId) => $"{CorpPrefix(corpId)}leads:report";

    /// <summary>The corp's lead pool settings (JSON).</summary>
    public static RedisKey LeadSettings(string corpId) => $"{CorpPrefix(corpId)}leads:settings";

    /// <summary>The corps with lead work (pool or due): a set outside every corp (single-key commands only).</summary>
    public static RedisKey LeadCorps => $"{Prefix}leads:corps";

    /// <summary>The corp's deletion-alert settings (JSON).</summary>
    public static RedisKey DeletionAlertSettings(string corpId) => $"{CorpPrefix(corpId)}alerts:deletion";

    /// <summary>The corp's channels (渠道活码): a hash of id → JSON record.</summary>
    public static RedisKey Channels(string corpId) => $"{CorpPrefix(corpId)}channels";

    /// <summary>The corp's channel states: a hash of state → channel id (a state belongs to one channel).</summary>
    public static RedisKey ChannelStates(string corpId) => $"{CorpPrefix(corpId)}channels:states";

    /// <summary>The corp's channel names: a hash of name → channel id (a name belongs to one channel).</summary>
    public static RedisKey ChannelNames(string corpId) => $"{CorpPrefix(corpId)}channels:names";

    /// <summary>Per (employee, customer): the adds and deletes counted, in event order (a hash; field <c>{userId}\n{externalUserId}</c>).</summary>
    public static RedisKey ChannelStatsLinks(string corpId) => $"{CorpPrefix(corpId)}chstats:links";

    /// <summary>Per customer: their first add in the corp (a hash; field external user id).</summary>
    public static RedisKey ChannelStatsFirstAdds(string corpId) => $"{CorpPrefix(corpId)}chstats:firsts";

    /// <summary>What the per-day counter keys start with: <c>wecomgw:{corpId}:chstats:{yyyyMMdd}:{bucket}</c> (in the key index).</summary>
    public static string ChannelStatsPrefix(string corpId) => $"{CorpPrefix(corpId)}chstats:";

    /// <summary>The claim on reconciling one day of the corp's channel statistics (a string, PX; in the key index).</summary>
    public static RedisKey ChannelReconciliationClaim(string corpId, DateOnly day) =>
        $"{ChannelStatsPrefix(corpId)}{day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}:reconcile";

    /// <summary>The corp's campaigns (群发) by creation time: a sorted set of campaign ids, unix ms.</summary>
    public static RedisKey Campaigns(string corpId) => $"{CorpPrefix(corpId)}campaigns";

    /// <summary>The corp's campaigns by when their next step is due (sending, then each read of results): a sorted set, unix ms.</summary>
    public static RedisKey CampaignsDue(string corpId) => $"{CorpPrefix(corpId)}campaigns:due";

    /// <summary>One campaign: a hash (<c>json</c>, <c>version</c>, <c>plan</c>, <c>task:{key}</c>). Named in the corp's key index.</summary>
    public static RedisKey Campaign(string corpId, string campaignId) => $"{CorpPrefix(corpId)}campaign:{WeComGateway.Storage.Campaigns.CampaignIds.Validate(campaignId)}";

    /// <summary>One campaign's result per customer: a hash external user id → WeCom's send status. Named in the corp's key index.</summary>
    public static RedisKey CampaignResults(string corpId, string campaignId) => $"{CampaignPrefix(corpId, campaignId)}:results";

    /// <summary>
    /// Mass messages the gateway's campaigns put to each customer in one corp-local month (<c>yyyyMM</c>): a hash
    /// external user id → count, expiring after the month. Named in the corp's key index.
    /// </summary>
    public static RedisKey CampaignMonth(string corpId, string month) => $"{CorpPrefix(corpId)}campaigns:month:{WeComGateway.Storage.Campaigns.CampaignIds.ValidateMonth(month)}";

    /// <summary>The corps with campaign work due: a set outside every corp (single-key commands only).</summary>
    public static RedisKey CampaignCorps => $"{Prefix}campaigns:corps";

    private static string CampaignPrefix(string corpId, string campaignId) => Campaign(corpId, campaignId).ToString();

    /// <summary>The media ids the gateway uploaded for the corp: a hash of <c>{purpose}:{type}:{sha256(source)}</c> → JSON (docs/media.md).</summary>
    public static RedisKey CorpMedia(string corpId) => $"{CorpPrefix(corpId)}media";

    /// <summary>The corp's customer moments: a hash of moment id → JSON record (docs/moments.md).</summary>
    public static RedisKey Moments(string corpId) => $"{CorpPrefix(corpId)}moments";

    /// <summary>Moments by when the scheduler must look at them (create, poll, announce): a sorted set, unix ms.</summary>
    public static RedisKey MomentsDue(string corpId) => $"{CorpPrefix(corpId)}moments:due";

    /// <summary>The corps with due moments: a set outside every corp (single-key commands only).</summary>
    public static RedisKey MomentCorps => $"{Prefix}moments:corps";

    /// <summary>The corp's webhook subscriptions: a hash of id → JSON record with its encrypted secret (docs/webhooks.md).</summary>
    public static RedisKey Webhooks(string corpId) => $"{CorpPrefix(corpId)}webhooks";

    /// <summary>
    /// The corp's key index: a set of the names of its keys whose names are not fixed (grants, customers, welcome
    /// claims, corp tokens), added by the same script that writes the key, so removing the corp needs no SCAN.
    /// </summary>
    public static RedisKey CorpKeyIndex(string corpId) => $"{CorpPrefix(corpId)}keys";

    /// <summary>The keys of a corp whose names are fixed (the rest are in <see cref="CorpKeyIndex"/>), index last.</summary>
    public static RedisKey[] CorpFixedKeys(string corpId) =>
        [
            CorpGrants(corpId), CustomersDue(corpId), CustomersAll(corpId), CorpTags(corpId), CorpRules(corpId), CorpEmployees(corpId), CustomerBackfill(corpId),
            FissionCampaigns(corpId), FissionStates(corpId), FissionCustomers(corpId),
            .. StoreCodeKeys.All(corpId),
            LeadPhones(corpId), LeadPool(corpId), LeadsDue(corpId), LeadAssignment(corpId), LeadReport(corpId), LeadSettings(corpId),
            DeletionAlertSettings(corpId),
            Channels(corpId), ChannelStates(corpId), ChannelNames(corpId), ChannelStatsLinks(corpId), ChannelStatsFirstAdds(corpId),
            Campaigns(corpId), CampaignsDue(corpId),
            CorpMedia(corpId),
            Moments(corpId), MomentsDue(corpId),
            Webhooks(corpId),
            CorpKeyIndex(corpId),
        ];

    /// <summary>What every key of one corp starts with: <c>wecomgw:{corpId}:</c> (a hash tag: one slot per corp).</summary>
    public static string CorpPrefix(string corpId) => $"{Prefix}{{{CorpKeys.Validate(corpId)}}}:";

    /// <summary>The corp whose key <paramref name="key"/> is (it starts with <c>wecomgw:{corpId}:</c>), or <c>null</c>.</summary>
    public static string? CorpOf(string key)
    {
        if (!key.StartsWith(Prefix + "{", StringComparison.Ordinal))
        {
            return null;
        }

        var close = key.IndexOf("}:", Prefix.Length + 1, StringComparison.Ordinal);
        return close > Prefix.Length + 1 ? key[(Prefix.Length + 1)..close] : null;
    }
}
