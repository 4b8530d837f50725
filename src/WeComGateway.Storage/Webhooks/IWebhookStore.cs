namespace WeComGateway.Storage.Webhooks;

/// <summary>
/// A corp's webhook subscriptions under <c>wecomgw:{corpId}:</c>, removed with the corp's last grant. The secret is
/// written with the subscription and read only by the delivery that signs with it. Writes check the grant; Redis
/// failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Stores a new subscription and its secret, unless the id exists or the corp has <see cref="WebhookIds.MaxPerCorp"/>.</summary>
    Task<WebhookCreateResult> CreateAsync(string corpId, WebhookSubscription subscription, string secret, CancellationToken cancellationToken);

    Task<WebhookSubscription?> GetAsync(string corpId, string id, CancellationToken cancellationToken);

    /// <summary>The corp's subscriptions, oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>The subscription's signing secret (<c>whsec_…</c>), or null when it does not exist.</summary>
    Task<string?> SecretAsync(string corpId, string id, CancellationToken cancellationToken);

    /// <summary>True when it existed.</summary>
    Task<bool> RemoveAsync(string corpId, string id, CancellationToken cancellationToken);
}
