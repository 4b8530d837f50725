namespace WeComGateway.Storage.Webhooks;

/// <summary>
/// One HTTPS endpoint of a corp that receives the chosen events (docs/webhooks.md). Its signing secret is not part of
/// the record: the store keeps it apart (<see cref="IWebhookStore.SecretAsync"/>), encrypted in Redis.
/// </summary>
public sealed record WebhookSubscription
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    /// <summary>Contract record names (<c>ExternalContactAdded</c>, <c>LeadAssigned</c>).</summary>
    public required IReadOnlyList<string> Events { get; init; }

    public bool Enabled { get; init; } = true;

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool Wants(string eventType) => Enabled && Events.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>Subscription ids: <c>wh</c> + 20 hex characters when generated.</summary>
public static class WebhookIds
{
    public const int MaxLength = 40;

    /// <summary>The most subscriptions one corp may have: each event is sent once per matching one.</summary>
    public const int MaxPerCorp = 20;

    public static string New() => "wh" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(20, lowercase: true);

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") < 0;

    public static string Validate(string id) =>
        IsValid(id) ? id : throw new ArgumentException($"A webhook id is 1..{MaxLength} characters of A-Z, a-z, 0-9, _ and -.", nameof(id));
}

public enum WebhookCreateResult
{
    Created,
    NoGrant,
    Exists,
    TooMany,
}
