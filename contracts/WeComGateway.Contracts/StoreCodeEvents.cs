namespace WeComGateway.Contracts;

/// <summary>
/// A store campaign's landing resolved a customer's position to a store and handed out its code (区域扫码 / 门店活码):
/// the store's 联系我 QR code (<see cref="Kind"/> <c>contact</c>) or 加入群聊 QR code (<c>group</c>). Published once per
/// hand-out by the admin API; adds through the code arrive as <see cref="ExternalContactAdded"/> with
/// <see cref="State"/>, joins as <see cref="GroupJoinCounted"/>.
/// </summary>
public sealed record StoreCodeResolved
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The store campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The nearest open store.</summary>
    public required string StoreId { get; init; }

    /// <summary><c>contact</c> or <c>group</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The code's state, <c>st:{campaign}:{store}</c>.</summary>
    public required string State { get; init; }

    /// <summary>Great-circle distance from the customer's position to the store, in kilometres.</summary>
    public required double DistanceKm { get; init; }

    /// <summary>When the code was handed out.</summary>
    public required DateTimeOffset ResolvedAt { get; init; }
}

/// <summary>
/// Customers joined a group chat through a group code the gateway made (a join way of its own, or a store's in a
/// campaign), by scanning its QR code (JoinScene 3), and were counted for it. Published once per counted
/// <see cref="GroupChatMemberJoined"/> event: a redelivered or duplicated event is neither counted nor published again.
/// </summary>
public sealed record GroupJoinCounted
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The group chat joined.</summary>
    public required string ChatId { get; init; }

    /// <summary>The join way (<c>config_id</c>) whose chats include it.</summary>
    public required string ConfigId { get; init; }

    /// <summary>The join way's state, when it has one.</summary>
    public string? State { get; init; }

    /// <summary>The store campaign, for a store's join way.</summary>
    public string? CampaignId { get; init; }

    /// <summary>The store, for a store's join way.</summary>
    public string? StoreId { get; init; }

    /// <summary>How many members were counted (the event's member list, else its MemChangeCnt).</summary>
    public required int Joined { get; init; }

    /// <summary>The member ids as the event gave them (may be empty on some WeCom client versions).</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];

    /// <summary>The join way's count after this event.</summary>
    public required long TotalJoins { get; init; }

    /// <summary>The dedupe key of the <see cref="GroupChatMemberJoined"/> event counted.</summary>
    public required string DedupeKey { get; init; }

    /// <summary>When WeCom says the members joined.</summary>
    public required DateTimeOffset EventTime { get; init; }
}
