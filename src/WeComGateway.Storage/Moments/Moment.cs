using System.Text.Json.Serialization;

namespace WeComGateway.Storage.Moments;

/// <summary>Where a moment is: waiting for its WeCom task, the task being created, and how it ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MomentStatus>))]
public enum MomentStatus
{
    /// <summary>Stored; add_moment_task not called yet (or to be tried again after WeCom answered busy).</summary>
    Pending,

    /// <summary>add_moment_task answered a job id; get_moment_task_result is polled until the task is done.</summary>
    Creating,

    /// <summary>The task is done without an errcode: WeCom's moment id is known.</summary>
    Published,

    /// <summary>WeCom refused the task, its result carried an errcode, or add_moment_task's outcome is unknown.</summary>
    Failed,

    /// <summary>The job id's 24 hours passed before the task was seen done.</summary>
    Expired,
}

/// <summary>
/// One attachment: <see cref="Type"/> <c>image</c> or <c>video</c>, or <c>link</c> with <see cref="Url"/>, optional
/// <see cref="Title"/> and a cover image. The image, video or cover is exactly one of: an upload_attachment media id
/// (<see cref="MediaId"/>, valid 3 days), a file under <c>Media:Root</c> (<see cref="Path"/>) or a URL to download
/// (<see cref="MediaUrl"/>); the last two are uploaded (media/upload_attachment, attachment_type 1) through the media
/// library when the task is created, and cached per corp.
/// </summary>
public sealed record MomentAttachmentSpec(string Type, string? MediaId, string? Title = null, string? Url = null, string? Path = null, string? MediaUrl = null)
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Link = "link";
}

/// <summary>A customer tag of the audience: its group and name as the operator wrote them, and WeCom's tag id.</summary>
public sealed record MomentTag(string Group, string Name, string Id)
{
    public override string ToString() => $"{Group}/{Name}";
}

/// <summary>
/// A customer moment (客户朋友圈, 企业发表) of one corp: the content, the audience (customer tags and/or members), and
/// its WeCom task — the job id add_moment_task answered, what get_moment_task_result said last, WeCom's moment id
/// and the senders and tags WeCom could not use. <see cref="Version"/> is the store's compare-and-set counter.
/// </summary>
public sealed record Moment
{
    public required string Id { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<MomentAttachmentSpec> Attachments { get; init; } = [];

    /// <summary>Customers with any of these tags see it (empty: every customer of the senders).</summary>
    public IReadOnlyList<MomentTag> Tags { get; init; } = [];

    /// <summary>Members asked to publish it (empty: WeCom takes the followers of the tagged customers, or every member).</summary>
    public IReadOnlyList<string> Employees { get; init; } = [];

    public MomentStatus Status { get; init; }

    public string? JobId { get; init; }

    /// <summary>When add_moment_task answered the job id (it is valid 24 hours from then).</summary>
    public DateTimeOffset? JobIdAt { get; init; }

    /// <summary>get_moment_task_result reads that found the task not done yet.</summary>
    public int Polls { get; init; }

    /// <summary>The last status get_moment_task_result answered (1 started, 2 running, 3 done).</summary>
    public int? TaskStatus { get; init; }

    public string? WeComMomentId { get; init; }

    public IReadOnlyList<string> InvalidEmployees { get; init; } = [];

    public IReadOnlyList<string> InvalidTagIds { get; init; } = [];

    /// <summary>Why it failed: <c>refused</c>, <c>task_failed</c>, <c>job_expired</c>, <c>outcome_unknown</c>.</summary>
    public string? FailureReason { get; init; }

    public int? ErrCode { get; init; }

    /// <summary>Whether its MomentPublished / MomentFailed went out (it is published again, same message id, until it did).</summary>
    public bool Announced { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public long Version { get; init; }

    /// <summary>Whether <paramref name="other"/> asks for the same moment (content and audience): a repeated create.</summary>
    public bool SameContentAs(Moment other) =>
        Text == other.Text
        && Attachments.SequenceEqual(other.Attachments)
        && Tags.SequenceEqual(other.Tags)
        && Employees.SequenceEqual(other.Employees, StringComparer.Ordinal);
}

public enum MomentCreateResult
{
    Created,

    /// <summary>A moment with that id exists (answered as it is).</summary>
    Exists,

    /// <summary>The corp holds no grant: nothing written.</summary>
    NoGrant,
}

/// <summary>Moment ids: 1–40 characters of <c>[A-Za-z0-9_-]</c>, chosen by the caller or generated (<c>mo</c> + 10 hex).</summary>
public static class MomentIds
{
    public const int MaxLength = 40;

    public static string New() => "mo" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(10, lowercase: true);

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") < 0;

    public static string Validate(string momentId) =>
        IsValid(momentId) ? momentId : throw new ArgumentException($"A moment id is 1..{MaxLength} characters of A-Z, a-z, 0-9, _ and -.", nameof(momentId));
}
