using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WeComGateway.Admin;
using WeComGateway.Storage.Webhooks;

namespace WeComGateway.Workers.Webhooks;

/// <summary>
/// A corp's subscriptions, read from <see cref="IWebhookStore"/> at most once per <see cref="WebhookOptions.CacheFor"/>:
/// every event the gateway publishes passes through the fan-out, most for corps with no webhooks at all.
/// </summary>
internal sealed class WebhookSubscriptions(IWebhookStore store, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<WebhookSubscription> Subscriptions)> _cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<WebhookSubscription>> ForAsync(string corpId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(corpId, out var cached) && cached.Until > now)
        {
            return cached.Subscriptions;
        }

        var subscriptions = await store.ListAsync(corpId, cancellationToken);
        _cache[corpId] = (now + options.CurrentValue.CacheFor, subscriptions);
        return subscriptions;
    }
}
