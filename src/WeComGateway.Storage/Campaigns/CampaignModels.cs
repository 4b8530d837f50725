namespace WeComGateway.Storage.Campaigns;

/// <summary>Where a campaign is in its life (docs/campaigns.md).</summary>
public static class CampaignStatuses
{
    /// <summary>Waiting for its time.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Its audience was planned; WeCom tasks are being created.</summary>
    public const string Sending = "sending";

    /// <summary>Every task was created; the members' sends are read from WeCom until all sent or the tracking time ends.</summary>
    public const string Tracking = "tracking";

    /// <summary>Every member sent, or the tracking time ended: <c>CampaignDelivered</c> was published.</summary>
    public const string Done = "done";

    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Done or Cancelled;
}

/// <summary>
/// One campaign (群发) of a corp as stored. <see cref="Definition"/> is the audience and content as the admin API took
/// them (JSON, opaque to the store); the rest is the campaign's progress, written by the worker with compare-and-set.
/// </summary>
public sealed record CampaignRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary><c>{"audience": …, "content": …}</c>.</summary>
    public required string Definition { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the campaign is sent (the creation time for "now").</summary>
    public required DateTimeOffset SendAt { get; init; }

    public string Status { get; init; } = CampaignStatuses.Scheduled;

    /// <summary>How many times the results were read and found unfinished (the backoff's exponent).</summary>
    public int Polls { get; init; }

    /// <summary>When every task had been created.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Results are read until then; members who have not sent by then count as unsent.</summary>
    public DateTimeOffset? TrackUntil { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public CampaignCounts Counts { get; init; } = new();
}

/// <summary>A campaign's figures: the audience as planned, then the tasks and WeCom's results per customer.</summary>
public sealed record CampaignCounts
{
    /// <summary>Customers the audience matched.</summary>
    public int Audience { get; init; }

    /// <summary>Left out because the gateway's campaigns already reached them the monthly number of times.</summary>
    public int SkippedByLimit { get; init; }

    public int Tasks { get; init; }

    /// <summary>Tasks WeCom refused (their customers are counted in <see cref="Failed"/>).</summary>
    public int FailedTasks { get; init; }

    /// <summary>Customers WeCom put in a task's <c>fail_list</c> or whose task it refused.</summary>
    public int Failed { get; init; }

    /// <summary>Results: sent (status 1), not a friend (2), over WeCom's monthly limit (3), not sent yet (0).</summary>
    public int Sent { get; init; }

    public int NotFriend { get; init; }

    public int OverLimit { get; init; }

    public int Unsent { get; init; }

    /// <summary>Members whose part of a task was sent (get_groupmsg_task status 2), of <see cref="Members"/>.</summary>
    public int MembersSent { get; init; }

    public int Members { get; init; }
}

/// <summary>A campaign with its version, plan and tasks.</summary>
public sealed record CampaignSnapshot(CampaignRecord Campaign, long Version, CampaignPlan? Plan, IReadOnlyDictionary<string, CampaignTask> Tasks);

/// <summary>
/// What a campaign sends to whom, decided once (the first plan stored wins): the month WeCom's limit is counted in,
/// each rendering of the text by its variant key, and the tasks.
/// </summary>
public sealed record CampaignPlan
{
    public required string Month { get; init; }

    public required DateTimeOffset PlannedAt { get; init; }

    public int Audience { get; init; }

    public IReadOnlyList<string> SkippedByLimit { get; init; } = [];

    /// <summary>Each rendering of the content (text and attachments, JSON) by its variant key.</summary>
    public IReadOnlyDictionary<string, string> Messages { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<CampaignPlannedTask> Tasks { get; init; } = [];
}

/// <summary>One add_msg_template to create; <see cref="Key"/> names it for good.</summary>
public sealed record CampaignPlannedTask(string Key, string Sender, string Variant, IReadOnlyList<string> ExternalUserIds);

/// <summary>A task as created at WeCom (<see cref="MsgId"/>), or refused (<see cref="ErrCode"/>).</summary>
public sealed record CampaignTask
{
    public required string Key { get; init; }

    public required string Sender { get; init; }

    public string? MsgId { get; init; }

    public int? ErrCode { get; init; }

    public int Customers { get; init; }

    public IReadOnlyList<string> FailList { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The member sent their part (get_groupmsg_task status 2).</summary>
    public bool MemberSent { get; init; }
}

/// <summary>What <see cref="ICampaignStore.CreateAsync"/> did.</summary>
public enum CampaignCreateOutcome
{
    Created,

    /// <summary>The corp has a campaign with this id.</summary>
    Exists,

    /// <summary>The corp holds no grant (uninstalled): nothing is kept for it.</summary>
    NotAuthorized,
}
