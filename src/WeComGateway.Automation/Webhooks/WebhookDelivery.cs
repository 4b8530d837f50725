namespace WeComGateway.Automation.Webhooks;

/// <summary>
/// One event for one webhook subscription, on the gateway's own queue <c>webhook-delivery</c> (not a contract: no
/// other system sends or receives it). It carries no secret — the delivery looks the subscription's secret up when it
/// signs — and the same <see cref="WebhookId"/> on every redelivery, so receivers can drop repeats.
/// </summary>
public sealed record WebhookDelivery
{
    public required string CorpId { get; init; }

    public required string SubscriptionId { get; init; }

    /// <summary>The contract record's name (<c>ExternalContactAdded</c>) or <see cref="WebhookEvents.Ping"/>.</summary>
    public required string EventType { get; init; }

    /// <summary>The <c>webhook-id</c> header: <c>msg_</c> + a hash of the source message id and the subscription id.</summary>
    public required string WebhookId { get; init; }

    /// <summary>The request body: <c>{"type", "timestamp", "data"}</c>, data being the contract as published (camelCase).</summary>
    public required string Payload { get; init; }
}
