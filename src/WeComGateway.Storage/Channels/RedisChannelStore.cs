using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Channels;

/// <summary>
/// <c>wecomgw:{corpId}:channels</c> (hash id → JSON), <c>…:channels:states</c> (state → id) and
/// <c>…:channels:names</c> (name → id): fixed keys of the corp, written together by scripts that check its grant.
/// </summary>
public sealed class RedisChannelStore(IConnectionMultiplexer redis) : IChannelStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: records, states, names, grants. ARGV: id, state, name, json.
    private const string AddScript = """
        if redis.call('EXISTS', KEYS[4]) == 0 then return 'no_grant' end
        if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 or redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'state_taken' end
        if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return 'name_taken' end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[3], ARGV[1])
        return 'written'
        """;

    // KEYS: records, states, names, grants. ARGV: id, state, name, json. The old name comes out of the stored record's index entry.
    private const string UpdateScript = """
        if redis.call('EXISTS', KEYS[4]) == 0 then return 'no_grant' end
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'not_found' end
        if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[1] then return 'state_taken' end
        local owner = redis.call('HGET', KEYS[3], ARGV[3])
        if owner and owner ~= ARGV[1] then return 'name_taken' end
        local old = cjson.decode(redis.call('HGET', KEYS[1], ARGV[1]))
        if old.name ~= ARGV[3] then redis.call('HDEL', KEYS[3], old.name) end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
        redis.call('HSET', KEYS[3], ARGV[3], ARGV[1])
        return 'written'
        """;

    // KEYS: records, states, names. ARGV: id.
    private const string DeleteScript = """
        local raw = redis.call('HGET', KEYS[1], ARGV[1])
        if not raw then return 0 end
        local old = cjson.decode(raw)
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], old.state)
        redis.call('HDEL', KEYS[3], old.name)
        return 1
        """;

    public async Task<IReadOnlyList<Channel>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Channels(corpId);
        var entries = await RedisCalls.RunAsync("channel list", () => redis.GetDatabase().HashValuesAsync(key));
        return [.. entries.Select(e => Read(e)!).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<Channel?> GetAsync(string corpId, string channelId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Channels(corpId);
        return Read(await RedisCalls.RunAsync("channel read", () => redis.GetDatabase().HashGetAsync(key, channelId)));
    }

    public async Task<Channel?> FindByStateAsync(string corpId, string state, CancellationToken cancellationToken)
    {
        var states = RedisKeys.ChannelStates(corpId);
        var id = await RedisCalls.RunAsync("channel state read", () => redis.GetDatabase().HashGetAsync(states, state));
        return id.IsNull ? null : await GetAsync(corpId, id.ToString(), cancellationToken);
    }

    public Task<ChannelWriteResult> AddAsync(string corpId, Channel channel, CancellationToken cancellationToken) =>
        WriteAsync(corpId, channel, AddScript, "channel add");

    public Task<ChannelWriteResult> UpdateAsync(string corpId, Channel channel, CancellationToken cancellationToken) =>
        WriteAsync(corpId, channel, UpdateScript, "channel update");

    public async Task<bool> DeleteAsync(string corpId, string channelId, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [RedisKeys.Channels(corpId), RedisKeys.ChannelStates(corpId), RedisKeys.ChannelNames(corpId)];
        return (long)await RedisCalls.RunAsync("channel delete", () => redis.GetDatabase().ScriptEvaluateAsync(DeleteScript, keys, [channelId])) == 1;
    }

    private async Task<ChannelWriteResult> WriteAsync(string corpId, Channel channel, string script, string operation)
    {
        ArgumentNullException.ThrowIfNull(channel);
        RedisKey[] keys = [RedisKeys.Channels(corpId), RedisKeys.ChannelStates(corpId), RedisKeys.ChannelNames(corpId), RedisKeys.CorpGrants(corpId)];
        RedisValue[] values = [channel.Id, channel.State, channel.Name, JsonSerializer.Serialize(channel, Json)];
        var answer = (string?)await RedisCalls.RunAsync(operation, () => redis.GetDatabase().ScriptEvaluateAsync(script, keys, values));
        return answer switch
        {
            "written" => ChannelWriteResult.Written,
            "state_taken" => ChannelWriteResult.StateTaken,
            "name_taken" => ChannelWriteResult.NameTaken,
            "not_found" => ChannelWriteResult.NotFound,
            _ => ChannelWriteResult.NotAuthorized,
        };
    }

    private static Channel? Read(RedisValue value) => value.IsNull ? null : JsonSerializer.Deserialize<Channel>(value.ToString(), Json);
}
