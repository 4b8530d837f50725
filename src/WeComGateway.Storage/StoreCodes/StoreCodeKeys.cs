using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>
/// The store-code and group-code keys of a corp, all fixed names under <c>wecomgw:{corpId}:storecodes:</c> (listed in
/// <see cref="RedisKeys.CorpFixedKeys"/>, so the corp's removal takes them).
/// </summary>
public static class StoreCodeKeys
{
    /// <summary>Hash: store id → the store as JSON.</summary>
    public static RedisKey Stores(string corpId) => Key(corpId, "stores");

    /// <summary>Hash: campaign id → the campaign as JSON.</summary>
    public static RedisKey Campaigns(string corpId) => Key(corpId, "campaigns");

    /// <summary>Hash: <c>{campaign}:{store}</c> → the store's code in the campaign as JSON (set once).</summary>
    public static RedisKey Codes(string corpId) => Key(corpId, "codes");

    /// <summary>Hash: join way config id → the way as JSON.</summary>
    public static RedisKey JoinWays(string corpId) => Key(corpId, "joinways");

    /// <summary>Hash: chat id → the config id of the join way it belongs to.</summary>
    public static RedisKey Chats(string corpId) => Key(corpId, "chats");

    /// <summary>Hash: template id → the group welcome template's summary as JSON.</summary>
    public static RedisKey Templates(string corpId) => Key(corpId, "templates");

    /// <summary>Hash: counter name (<see cref="StoreCodeCounters"/>) → count.</summary>
    public static RedisKey Counts(string corpId) => Key(corpId, "counts");

    /// <summary>Sorted set: keys of the events counted, scored by when (unix ms); trimmed to the window as it is written.</summary>
    public static RedisKey Counted(string corpId) => Key(corpId, "counted");

    public static RedisKey[] All(string corpId) =>
        [Stores(corpId), Campaigns(corpId), Codes(corpId), JoinWays(corpId), Chats(corpId), Templates(corpId), Counts(corpId), Counted(corpId)];

    private static RedisKey Key(string corpId, string name) => $"{RedisKeys.CorpPrefix(corpId)}storecodes:{name}";
}
