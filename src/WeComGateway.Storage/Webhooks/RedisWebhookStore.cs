using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Storage.Webhooks;

/// <summary>
/// Subscriptions as JSON in the hash <c>wecomgw:{corpId}:webhooks</c> (id → record), a fixed name. Each record holds
/// its secret encrypted with <see cref="ISecretProtector"/> (bound to the corp), so the plaintext never reaches Redis.
/// Create is one Lua script that checks the grant, the id and the per-corp limit.
/// </summary>
public sealed class RedisWebhookStore(IConnectionMultiplexer redis, ISecretProtector protector) : IWebhookStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: webhooks, grants. ARGV: id, json, limit.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 'no_grant' end
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'exists' end
        if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'too_many' end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 'created'
        """;

    public async Task<WebhookCreateResult> CreateAsync(string corpId, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        WebhookIds.Validate(subscription.Id);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var stored = new StoredWebhook(subscription, protector.Protect(secret, SecretBinding.WebhookSecret(corpId)));
        RedisKey[] keys = [RedisKeys.Webhooks(corpId), RedisKeys.CorpGrants(corpId)];
        var answer = (string?)await RedisCalls.RunAsync("webhook create", () => redis.GetDatabase().ScriptEvaluateAsync(
            CreateScript, keys, [subscription.Id, JsonSerializer.Serialize(stored, Json), WebhookIds.MaxPerCorp]));
        return answer switch
        {
            "no_grant" => WebhookCreateResult.NoGrant,
            "exists" => WebhookCreateResult.Exists,
            "too_many" => WebhookCreateResult.TooMany,
            _ => WebhookCreateResult.Created,
        };
    }

    public async Task<WebhookSubscription?> GetAsync(string corpId, string id, CancellationToken cancellationToken) =>
        (await ReadAsync(corpId, id))?.Subscription;

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Webhooks(corpId);
        var values = await RedisCalls.RunAsync("webhook list", () => redis.GetDatabase().HashValuesAsync(key));
        return [.. values.Select(v => Parse(v)!.Subscription).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public async Task<string?> SecretAsync(string corpId, string id, CancellationToken cancellationToken) =>
        await ReadAsync(corpId, id) is { } stored ? protector.Unprotect(stored.Secret, SecretBinding.WebhookSecret(corpId)) : null;

    public async Task<bool> RemoveAsync(string corpId, string id, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Webhooks(corpId);
        return await RedisCalls.RunAsync("webhook remove", () => redis.GetDatabase().HashDeleteAsync(key, WebhookIds.Validate(id)));
    }

    private async Task<StoredWebhook?> ReadAsync(string corpId, string id)
    {
        var key = RedisKeys.Webhooks(corpId);
        return Parse(await RedisCalls.RunAsync("webhook read", () => redis.GetDatabase().HashGetAsync(key, WebhookIds.Validate(id))));
    }

    private static StoredWebhook? Parse(RedisValue raw) => raw.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredWebhook>(raw.ToString(), Json);

    /// <summary>The record in Redis: the subscription and its protected secret.</summary>
    private sealed record StoredWebhook(WebhookSubscription Subscription, string Secret);
}
