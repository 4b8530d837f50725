namespace WeComGateway.Contracts;

/// <summary>
/// A campaign's (群发) next step is due: create its WeCom tasks, or read their results again. The gateway's campaign
/// scheduler publishes it when the campaign's due time has come; a redelivery or a copy runs the step again without
/// repeating what it did (no second task). Publish it yourself to run a due step now.
/// </summary>
public sealed record CampaignDue
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The due time the scheduler found (identifies this step).</summary>
    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>
/// A campaign's WeCom task was created (add_msg_template for one sender and up to 10,000 of their customers): the
/// member now confirms it in WeCom. Once per task (message id fixed by corp, campaign and task key).
/// </summary>
public sealed record CampaignTaskCreated
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The task's key in the campaign's plan (<c>{sender}|{variant}|{n}</c>).</summary>
    public required string TaskKey { get; init; }

    /// <summary>The member who sends it (userid).</summary>
    public required string Sender { get; init; }

    /// <summary>WeCom's id of the task (msgid).</summary>
    public required string MsgId { get; init; }

    /// <summary>Customers in the task.</summary>
    public required int Customers { get; init; }

    /// <summary>Customers WeCom put in the task's fail_list (it cannot send to them).</summary>
    public required int Failed { get; init; }

    /// <summary>When the gateway created it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// What became of a campaign's message to one customer, once it is final: <see cref="Status"/> <c>sent</c>,
/// <c>not_friend</c> (the customer no longer has the sender), <c>over_limit</c> (WeCom: the customer had their mass
/// messages for the month), or <c>failed</c> (WeCom's fail_list, or the task was refused). Once per customer and
/// campaign (message id fixed by corp, campaign and customer); customers never sent to are counted in
/// <see cref="CampaignDelivered"/>.
/// </summary>
public sealed record CampaignMessageResult
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The customer.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The member whose task it was.</summary>
    public required string Sender { get; init; }

    /// <summary>WeCom's task id; null when the task was refused.</summary>
    public string? MsgId { get; init; }

    /// <summary><c>sent</c>, <c>not_friend</c>, <c>over_limit</c> or <c>failed</c> (<see cref="CampaignMessageStatuses"/>).</summary>
    public required string Status { get; init; }

    /// <summary>When WeCom sent it (status <c>sent</c>).</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the gateway learned it.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>The values of <see cref="CampaignMessageResult.Status"/>.</summary>
public static class CampaignMessageStatuses
{
    /// <summary>WeCom sent it (send result status 1).</summary>
    public const string Sent = "sent";

    /// <summary>The customer no longer has the sender (status 2).</summary>
    public const string NotFriend = "not_friend";

    /// <summary>The customer had received WeCom's monthly number of mass messages (status 3).</summary>
    public const string OverLimit = "over_limit";

    /// <summary>In the task's fail_list, or the task was refused.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// A campaign is finished: every member sent their part (<see cref="Reason"/> <c>all_sent</c>), the tracking time
/// ended (<c>tracking_ended</c>; customers of members who never confirmed are <see cref="Unsent"/>), or it was
/// cancelled (<c>cancelled</c>). The figures are final. Once per campaign (message id fixed by corp and campaign).
/// </summary>
public sealed record CampaignDelivered
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The campaign's id.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The campaign's name.</summary>
    public required string Name { get; init; }

    /// <summary>Customers the audience matched.</summary>
    public required int Audience { get; init; }

    /// <summary>Left out by the gateway: they had had the monthly number of campaign messages.</summary>
    public required int SkippedByLimit { get; init; }

    /// <summary>WeCom tasks created.</summary>
    public required int Tasks { get; init; }

    /// <summary>Customers sent to.</summary>
    public required int Sent { get; init; }

    /// <summary>Customers who no longer had the sender.</summary>
    public required int NotFriend { get; init; }

    /// <summary>Customers WeCom did not send to because of its monthly limit.</summary>
    public required int OverLimit { get; init; }

    /// <summary>Customers in WeCom's fail_list or in refused tasks.</summary>
    public required int Failed { get; init; }

    /// <summary>Customers whose member never sent.</summary>
    public required int Unsent { get; init; }

    /// <summary><c>all_sent</c>, <c>tracking_ended</c> or <c>cancelled</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>When the gateway finished it.</summary>
    public required DateTimeOffset At { get; init; }
}
