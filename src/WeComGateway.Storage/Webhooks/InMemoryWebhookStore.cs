using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Webhooks;

/// <summary>The embedded default: the same subscriptions, limit and grant check as <see cref="RedisWebhookStore"/> within one process.</summary>
public sealed class InMemoryWebhookStore : InMemoryCorpData, IWebhookStore
{
    private readonly Dictionary<string, Dictionary<string, (WebhookSubscription Subscription, string Secret)>> _corps = new(StringComparer.Ordinal);

    public Task<WebhookCreateResult> CreateAsync(string corpId, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        WebhookIds.Validate(subscription.Id);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(WebhookCreateResult.NoGrant);
            }

            if (!_corps.TryGetValue(corpId, out var corp))
            {
                corp = new Dictionary<string, (WebhookSubscription, string)>(StringComparer.Ordinal);
                _corps[corpId] = corp;
            }

            if (corp.ContainsKey(subscription.Id))
            {
                return Task.FromResult(WebhookCreateResult.Exists);
            }

            if (corp.Count >= WebhookIds.MaxPerCorp)
            {
                return Task.FromResult(WebhookCreateResult.TooMany);
            }

            corp[subscription.Id] = (subscription, secret);
            return Task.FromResult(WebhookCreateResult.Created);
        }
    }

    public Task<WebhookSubscription?> GetAsync(string corpId, string id, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        WebhookIds.Validate(id);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.GetValueOrDefault(id).Subscription);
        }
    }

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            var all = _corps.GetValueOrDefault(corpId)?.Values.Select(v => v.Subscription) ?? [];
            return Task.FromResult<IReadOnlyList<WebhookSubscription>>([.. all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<string?> SecretAsync(string corpId, string id, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        WebhookIds.Validate(id);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.TryGetValue(id, out var entry) == true ? entry.Secret : null);
        }
    }

    public Task<bool> RemoveAsync(string corpId, string id, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        WebhookIds.Validate(id);
        lock (Gate)
        {
            return Task.FromResult(_corps.GetValueOrDefault(corpId)?.Remove(id) == true);
        }
    }

    protected override long RemoveCorp(string corpId) => _corps.Remove(corpId, out var corp) && corp.Count > 0 ? 1 : 0;
}
