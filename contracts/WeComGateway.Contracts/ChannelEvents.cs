namespace WeComGateway.Contracts;

/// <summary>
/// A channel's (渠道活码's) counts of one day changed: published by the channel statistics (<c>channel-stats</c>
/// queue) after an add or delete was counted, once per (channel state, day) whose counts the event changed — usually
/// one; a late add also updates the day of a delete it explains. The figures are the day's totals, not increments:
/// keep the latest per (<see cref="CorpId"/>, <see cref="State"/>, <see cref="Day"/>). Delivery is at least once: a
/// redelivered event publishes the same totals again.
/// </summary>
public sealed record ChannelStatsUpdated
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The contact way's <c>state</c> the counts are of.</summary>
    public required string State { get; init; }

    /// <summary>The gateway's channel with that state; null when the state belongs to no channel (a raw state, or a deleted channel).</summary>
    public string? ChannelId { get; init; }

    /// <summary>The channel's name, when there is one.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The corp's day (Asia/Shanghai) the counts are of.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Customers added through the channel that day.</summary>
    public required long Adds { get; init; }

    /// <summary>Adds of customers the corp had never added before (the customer's earliest add by anyone in the corp).</summary>
    public required long FirstAdds { get; init; }

    /// <summary>Adds of customers someone in the corp had added before.</summary>
    public required long ReAdds { get; init; }

    /// <summary>Customers who deleted the employee that day (attributed to the channel they were added through).</summary>
    public required long DeletedByCustomer { get; init; }

    /// <summary>Customers the employee deleted that day (transfers between employees excluded).</summary>
    public required long DeletedByEmployee { get; init; }

    /// <summary>Relationships that ended that day (a customer who deletes and is deleted counts once).</summary>
    public required long Lost { get; init; }

    /// <summary><see cref="Adds"/> − <see cref="Lost"/>.</summary>
    public required long NetRetained { get; init; }

    /// <summary>The <c>DedupeKey</c> of the event that changed the counts.</summary>
    public required string EventKey { get; init; }

    /// <summary>When the gateway counted it.</summary>
    public required DateTimeOffset At { get; init; }
}
