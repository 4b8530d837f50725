using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Storage.Redis;

/// <summary>Every Redis key the gateway writes, in one place (prefix <c>wecomgw:</c>).</summary>
public static class RedisKeys
{
    public const string Prefix = "wecomgw:";

    public static RedisKey Dedupe(string dedupeKey) => $"{Prefix}dedupe:{dedupeKey}";

    public static RedisKey SuiteTicket(string suiteId) => $"{Prefix}suite:{suiteId}:ticket";

    public static RedisKey CorpAuthorization(string corpId) => $"{Prefix}corp:{corpId}:auth";

    public static RedisKey Outbox => $"{Prefix}outbox";

    public static RedisKey Lock(string name) => $"{Prefix}lock:{name}";

    /// <summary>A customer's facts: a hash with <c>json</c> and <c>version</c>. Both ids are validated.</summary>
    public static RedisKey CustomerFacts(string corpId, string externalUserId) =>
        $"{CorpPrefix(corpId)}customer:{ExternalUserIds.Validate(externalUserId)}";

    /// <summary>The corp's due index: a sorted set of external user ids scored by due time (unix ms).</summary>
    public static RedisKey CustomersDue(string corpId) => $"{CorpPrefix(corpId)}customers:due";

    /// <summary>The one customer key outside a corp's space: the set of corps that have customers.</summary>
    public static RedisKey AutomationCorps => $"{Prefix}automation:corps";

    /// <summary>A welcome-code claim, named by the code's fingerprint: the code itself never becomes a key.</summary>
    public static RedisKey WelcomeClaim(string corpId, string welcomeCode) => $"{CorpPrefix(corpId)}welcome:{WelcomeCodes.Fingerprint(welcomeCode)}";

    /// <summary>The cached JSON snapshot of the corp's tag list.</summary>
    public static RedisKey CorpTags(string corpId) => $"{CorpPrefix(corpId)}tags";

    /// <summary>The corp's rule-set override: a hash with <c>json</c> and <c>updated_at</c>.</summary>
    public static RedisKey CorpRules(string corpId) => $"{CorpPrefix(corpId)}rules";

    public static RedisKey CorpEmployees(string corpId) => $"{CorpPrefix(corpId)}employees";

    /// <summary>What every key of one corp starts with: <c>wecomgw:corp:{corpId}:</c>.</summary>
    public static string CorpPrefix(string corpId) => $"{Prefix}corp:{CorpKeys.Validate(corpId)}:";
}
