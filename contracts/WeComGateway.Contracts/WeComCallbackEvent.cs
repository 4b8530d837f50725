using MassTransit;

namespace WeComGateway.Contracts;

/// <summary>
/// What every event the receiver publishes carries. Subscribe to the concrete records: this base type has no
/// exchange of its own.
/// </summary>
[ExcludeFromTopology]
public abstract record WeComCallbackEvent
{
    /// <summary>The suite (third-party app) whose callback URL received the event.</summary>
    public required string SuiteId { get; init; }

    /// <summary>The authorizing enterprise; null for suite-level events such as <c>suite_ticket</c>.</summary>
    public string? CorpId { get; init; }

    /// <summary>When WeCom says the event happened (<c>TimeStamp</c> or <c>CreateTime</c>, second resolution).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>When the receiver accepted the callback.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Lower-case hex SHA-256 of the decrypted message: the same for every retry of one event.</summary>
    public required string DedupeKey { get; init; }
}
