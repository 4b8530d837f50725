using StackExchange.Redis;

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
}
