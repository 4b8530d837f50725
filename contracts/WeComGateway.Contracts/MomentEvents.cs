namespace WeComGateway.Contracts;

/// <summary>
/// A customer moment (客户朋友圈, 企业发表) was stored through the admin API (<c>POST /admin/corps/{corpId}/moments</c>,
/// <c>wecomgw moments create</c>): the <c>moment</c> queue creates its WeCom task (add_moment_task) now instead of at the
/// scheduler's next pass. Redelivering it creates nothing twice: the task is created once per moment.
/// </summary>
public sealed record MomentRequested
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The moment (the gateway's id, not WeCom's moment_id).</summary>
    public required string MomentId { get; init; }

    /// <summary>Who created it (the admin API key's name).</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When it was stored.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>
/// WeCom finished creating a moment's publish task (get_moment_task_result status 3, result errcode 0): the members
/// of the audience were asked to publish it to their customers' WeChat moments. Published once per moment, with a
/// message id fixed by (corp, moment). Members and tags WeCom could not use are listed, not fatal.
/// </summary>
public sealed record MomentPublished
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The gateway's moment id.</summary>
    public required string MomentId { get; init; }

    /// <summary>WeCom's moment id (for get_moment_task, get_moment_comments …).</summary>
    public required string WeComMomentId { get; init; }

    /// <summary>The customer tags it was meant for, <c>group/name</c> (empty: every customer of the senders).</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The members asked to publish it (empty: every member in the app's visible range).</summary>
    public required IReadOnlyList<string> Employees { get; init; }

    /// <summary>Members WeCom did not take (unknown, or outside the app's visible range).</summary>
    public required IReadOnlyList<string> InvalidEmployees { get; init; }

    /// <summary>Tag ids WeCom did not take.</summary>
    public required IReadOnlyList<string> InvalidTagIds { get; init; }

    /// <summary>When the moment was created through the admin API.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the gateway read the finished task.</summary>
    public required DateTimeOffset PublishedAt { get; init; }
}

/// <summary>
/// A moment will not be published: WeCom refused add_moment_task (<see cref="Reason"/> <c>refused</c>, its errcode in
/// <see cref="ErrCode"/>), the finished task carried an errcode (<c>task_failed</c>), the job id expired before the task
/// was seen finished (<c>job_expired</c>: WeCom keeps a job id 24 hours), or add_moment_task timed out and was not
/// repeated (<c>outcome_unknown</c>: WeCom may have created it; look in the admin console before creating it again).
/// Published once per moment, with a message id fixed by (corp, moment).
/// </summary>
public sealed record MomentFailed
{
    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The gateway's moment id.</summary>
    public required string MomentId { get; init; }

    /// <summary><c>refused</c>, <c>task_failed</c>, <c>job_expired</c> or <c>outcome_unknown</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>WeCom's errcode, when it gave one.</summary>
    public int? ErrCode { get; init; }

    /// <summary>When the gateway gave up on it.</summary>
    public required DateTimeOffset At { get; init; }
}
