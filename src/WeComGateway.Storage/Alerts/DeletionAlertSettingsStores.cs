using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Alerts;

public sealed class RedisDeletionAlertSettingsStore(IConnectionMultiplexer redis) : IDeletionAlertSettingsStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string SaveScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
        """;

    public async Task<DeletionAlertSettings?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var json = await RedisCalls.RunAsync("deletion alert settings read", () => redis.GetDatabase().StringGetAsync(RedisKeys.DeletionAlertSettings(corpId)));
        return json.IsNull ? null : JsonSerializer.Deserialize<DeletionAlertSettings>(json.ToString(), Json);
    }

    public async Task<bool> SaveAsync(string corpId, DeletionAlertSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RedisKey[] keys = [RedisKeys.DeletionAlertSettings(corpId), RedisKeys.CorpGrants(corpId)];
        return (long)await RedisCalls.RunAsync("deletion alert settings write", () => redis.GetDatabase().ScriptEvaluateAsync(
            SaveScript, keys, [JsonSerializer.Serialize(settings, Json)])) == 1;
    }
}

/// <summary>The embedded default, lost on restart.</summary>
public sealed class InMemoryDeletionAlertSettingsStore : InMemoryCorpData, IDeletionAlertSettingsStore
{
    private readonly Dictionary<string, DeletionAlertSettings> _settings = new(StringComparer.Ordinal);

    public Task<DeletionAlertSettings?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_settings.GetValueOrDefault(corpId));
        }
    }

    public Task<bool> SaveAsync(string corpId, DeletionAlertSettings settings, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(settings);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(false);
            }

            _settings[corpId] = settings;
            return Task.FromResult(true);
        }
    }

    protected override long RemoveCorp(string corpId) => _settings.Remove(corpId) ? 1 : 0;
}
