using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Media;

/// <summary>The corp's media hash (<see cref="RedisKeys.CorpMedia"/>): field → JSON of <see cref="CachedMedia"/>.</summary>
public sealed class RedisMediaCacheStore(IConnectionMultiplexer redis) : IMediaCacheStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: media hash. ARGV: field, media id. Deletes the field only while it still names that media id.
    private const string RemoveScript = """
        local value = redis.call('HGET', KEYS[1], ARGV[1])
        if not value then return 0 end
        local ok, entry = pcall(cjson.decode, value)
        if ok and type(entry) == 'table' and entry['mediaId'] ~= ARGV[2] then return 0 end
        return redis.call('HDEL', KEYS[1], ARGV[1])
        """;

    public async Task<CachedMedia?> GetAsync(string corpId, string field, CancellationToken cancellationToken)
    {
        MediaCacheField.Validate(field);
        var json = await RedisCalls.RunAsync("media cache read", () => redis.GetDatabase().HashGetAsync(RedisKeys.CorpMedia(corpId), field));
        return json.IsNull ? null : JsonSerializer.Deserialize<CachedMedia>(json.ToString(), Json);
    }

    public async Task<bool> SetAsync(string corpId, string field, CachedMedia media, CancellationToken cancellationToken)
    {
        MediaCacheField.Validate(field);
        ArgumentNullException.ThrowIfNull(media);
        RedisKey[] keys = [RedisKeys.CorpMedia(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("media cache write", () => redis.GetDatabase().ScriptEvaluateAsync(
            CorpScripts.SetHashFields, keys, [field, JsonSerializer.Serialize(media, Json)])) == 1;
    }

    public async Task<bool> RemoveAsync(string corpId, string field, string mediaId, CancellationToken cancellationToken)
    {
        MediaCacheField.Validate(field);
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return (long)await RedisCalls.RunAsync("media cache remove", () => redis.GetDatabase().ScriptEvaluateAsync(
            RemoveScript, [RedisKeys.CorpMedia(corpId)], [field, mediaId])) == 1;
    }
}
