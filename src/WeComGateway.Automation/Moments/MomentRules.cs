using System.Text;

namespace WeComGateway.Automation;

/// <summary>
/// An attachment as the admin API takes it: <c>image</c>/<c>video</c>, or a <c>link</c> and its cover image; the media
/// by upload_attachment media id, by <c>path</c> under <c>Media:Root</c>, or by <c>mediaUrl</c> (one of them).
/// </summary>
public sealed record MomentDraftAttachment(string? Type, string? MediaId, string? Title = null, string? Url = null, string? Path = null, string? MediaUrl = null);

/// <summary>A moment as the admin API takes it, before its tags are resolved to WeCom ids.</summary>
public sealed record MomentDraft(string? Text, IReadOnlyList<MomentDraftAttachment> Attachments, IReadOnlyList<string> Tags, IReadOnlyList<string> Employees);

/// <summary>
/// WeCom's limits on a customer moment (add_moment_task, docs/wecom-protocol.md) checked before anything is stored,
/// and when its task is read again: pure decisions.
/// </summary>
public static class MomentRules
{
    /// <summary>text.content: "最多支持传入2000个字".</summary>
    public const int MaxTextLength = 2000;

    public const int MaxImages = 9;

    /// <summary>link.title: at most 64 bytes.</summary>
    public const int MaxLinkTitleBytes = 64;

    public const int MaxUrlLength = 2048;

    public const int MaxMediaIdLength = 256;

    /// <summary>sender_list.user_list: "最多支持10万个".</summary>
    public const int MaxEmployees = 100_000;

    /// <summary>The gateway's own bound on tags per moment (WeCom documents none).</summary>
    public const int MaxTags = 100;

    /// <summary>How long WeCom keeps a job id of add_moment_task: "24小时有效".</summary>
    public static readonly TimeSpan JobIdLifetime = TimeSpan.FromHours(24);

    /// <summary>What is wrong with the draft, by field (empty when nothing is).</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(MomentDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string error)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(error);
        }

        if (string.IsNullOrEmpty(draft.Text) && draft.Attachments.Count == 0)
        {
            Add("text", "text and attachments may not both be empty");
        }

        if (draft.Text is { } text && text.EnumerateRunes().Count() > MaxTextLength)
        {
            Add("text", $"at most {MaxTextLength} characters (WeCom answers 'invalid text size')");
        }

        CheckAttachments(draft.Attachments, Add);

        if (draft.Tags.Count == 0 && draft.Employees.Count == 0)
        {
            Add("tags", "name an audience: customer tags (group/name) and/or employees");
        }

        if (draft.Tags.Count > MaxTags)
        {
            Add("tags", $"at most {MaxTags} tags");
        }

        foreach (var tag in draft.Tags.Where(t => ParseTag(t) is null))
        {
            Add("tags", $"'{tag}' is not group/name (each 1..{TagRef.MaxLength} characters)");
        }

        if (draft.Employees.Count > MaxEmployees)
        {
            Add("employees", $"at most {MaxEmployees} employees");
        }

        foreach (var employee in draft.Employees.Where(e => !IsUserId(e)).Take(10))
        {
            Add("employees", $"'{employee}' is not a userid (1..64 characters of letters, digits, _ - . @)");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary><c>客户等级/VIP</c> → (客户等级, VIP): split at the first <c>/</c>; null when either part is empty or too long.</summary>
    public static TagRef? ParseTag(string? text)
    {
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1)
        {
            return null;
        }

        var group = text[..slash].Trim();
        var name = text[(slash + 1)..].Trim();
        return group.Length is > 0 and <= TagRef.MaxLength && name.Length is > 0 and <= TagRef.MaxLength ? new TagRef(group, name) : null;
    }

    /// <summary>
    /// When to read the task again after <paramref name="polls"/> reads found it not done: the campaigns' doubling
    /// backoff from <paramref name="first"/> up to <paramref name="max"/>, but never past the job id's 24 hours (the
    /// read at that moment finds it expired).
    /// </summary>
    public static DateTimeOffset NextPoll(DateTimeOffset now, DateTimeOffset jobIdAt, int polls, TimeSpan first, TimeSpan max)
    {
        var next = now + CampaignPlanner.NextPoll(polls, first, max);
        var expiry = jobIdAt + JobIdLifetime;
        return next < expiry ? next : expiry;
    }

    /// <summary>Whether the job id issued at <paramref name="jobIdAt"/> is past WeCom's 24 hours at <paramref name="now"/>.</summary>
    public static bool JobIdExpired(DateTimeOffset jobIdAt, DateTimeOffset now) => now >= jobIdAt + JobIdLifetime;

    private static void CheckAttachments(IReadOnlyList<MomentDraftAttachment> attachments, Action<string, string> add)
    {
        if (attachments.Count == 0)
        {
            return;
        }

        var types = attachments.Select(a => a.Type).Distinct(StringComparer.Ordinal).ToList();
        if (types.Any(t => t is not ("image" or "video" or "link")))
        {
            add("attachments", "type is image, video or link");
            return;
        }

        if (types.Count > 1)
        {
            add("attachments", "up to 9 images, or 1 video, or 1 link: one kind only (WeCom answers 'invalid attachments msgtype')");
            return;
        }

        var limit = types[0] == "image" ? MaxImages : 1;
        if (attachments.Count > limit)
        {
            add("attachments", $"at most {limit} {types[0]}{(limit > 1 ? "s" : string.Empty)} (WeCom answers 'invalid attachments size')");
        }

        foreach (var attachment in attachments)
        {
            var sources = new[] { attachment.MediaId, attachment.Path, attachment.MediaUrl }.Count(v => v is not null);
            if (sources != 1)
            {
                add("attachments", attachment.Type == "link"
                    ? "a link needs one cover: mediaId (a media/upload_attachment id), path or mediaUrl"
                    : "one of mediaId (a media/upload_attachment id), path or mediaUrl");
            }
            else if (attachment.MediaId is { } mediaId && (string.IsNullOrWhiteSpace(mediaId) || mediaId.Length > MaxMediaIdLength || mediaId.Any(char.IsControl)))
            {
                add("attachments", "mediaId: a media/upload_attachment id (attachment_type 1)");
            }
            else if (attachment.Path is not null && WelcomeAttachmentSources.PathProblem(attachment.Path) is { } pathProblem)
            {
                add("attachments", "path: " + pathProblem);
            }
            else if (attachment.MediaUrl is { } mediaUrl
                && (!Uri.TryCreate(mediaUrl, UriKind.Absolute, out var media) || media.Scheme is not ("http" or "https") || mediaUrl.Length > MaxUrlLength))
            {
                add("attachments", $"mediaUrl: an absolute http(s) URL (≤ {MaxUrlLength} characters)");
            }

            if (attachment.Type == "link")
            {
                if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || attachment.Url!.Length > MaxUrlLength)
                {
                    add("attachments", $"a link needs an absolute http(s) url (≤ {MaxUrlLength} characters)");
                }

                if (attachment.Title is { } title && Encoding.UTF8.GetByteCount(title) > MaxLinkTitleBytes)
                {
                    add("attachments", $"a link's title is at most {MaxLinkTitleBytes} bytes (UTF-8)");
                }
            }
        }
    }

    private static bool IsUserId(string? userId) =>
        userId is { Length: > 0 and <= 64 } && userId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@');
}
