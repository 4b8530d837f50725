namespace WeComGateway.Automation;

/// <summary>
/// A welcome message (欢迎语) as the rule file defines it: text with placeholders (see <see cref="WelcomeRenderer"/>)
/// and up to <see cref="MaxAttachments"/> attachments. Text and attachments are not both empty.
/// </summary>
public sealed record WelcomeTemplate
{
    /// <summary>WeCom's limit on attachments in one welcome message.</summary>
    public const int MaxAttachments = 9;

    public required string Id { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<WelcomeAttachmentSpec> Attachments { get; init; } = [];
}

/// <summary>
/// One attachment of a welcome message. <see cref="Type"/> is one of <see cref="WelcomeAttachmentTypes"/>; which
/// fields it needs: image — exactly one of <see cref="MediaId"/>, <see cref="PicUrl"/> (WeCom fetches it),
/// <see cref="Path"/> or <see cref="Url"/> (the gateway uploads the file); link — <see cref="Title"/> and
/// <see cref="Url"/> (optional <see cref="PicUrl"/>, <see cref="Description"/>); miniprogram — <see cref="Title"/>,
/// <see cref="AppId"/>, <see cref="Page"/> and exactly one of <see cref="PicMediaId"/>, <see cref="PicPath"/> or
/// <see cref="PicUrl"/> (both uploaded by the gateway: WeCom takes only a media id there); video and file — exactly one
/// of <see cref="MediaId"/>, <see cref="Path"/> or <see cref="Url"/>. A media id expires three days after its upload;
/// a path or URL is uploaded again whenever needed (docs/media.md). <see cref="WelcomeAttachmentSources"/> holds the rule.
/// </summary>
public sealed record WelcomeAttachmentSpec
{
    public required string Type { get; init; }

    public string? MediaId { get; init; }

    public string? PicUrl { get; init; }

    public string? Title { get; init; }

    public string? Url { get; init; }

    public string? Description { get; init; }

    public string? AppId { get; init; }

    public string? Page { get; init; }

    public string? PicMediaId { get; init; }

    /// <summary>The file of an image, video or file, relative to the gateway's <c>Media:Root</c>.</summary>
    public string? Path { get; init; }

    /// <summary>A mini program's picture as a file relative to <c>Media:Root</c>.</summary>
    public string? PicPath { get; init; }
}

/// <summary>
/// Where an attachment's picture, video or file comes from: exactly one source per media attachment (an image:
/// mediaId, picUrl, path or url; a video or file: mediaId, path or url; a miniprogram's picture: picMediaId, picPath or
/// picUrl; a link has none). Rule sets and campaign content check attachments with it.
/// </summary>
public static class WelcomeAttachmentSources
{
    private static readonly string[] ImageKeys = ["mediaId", "picUrl", "path", "url"];
    private static readonly string[] VideoOrFileKeys = ["mediaId", "path", "url"];
    private static readonly string[] MiniProgramKeys = ["picMediaId", "picPath", "picUrl"];

    /// <summary>The fields (as the JSON names them) of which a <paramref name="type"/> attachment takes exactly one; empty for a link.</summary>
    public static IReadOnlyList<string> KeysOf(string type) => type switch
    {
        WelcomeAttachmentTypes.Image => ImageKeys,
        WelcomeAttachmentTypes.Video or WelcomeAttachmentTypes.File => VideoOrFileKeys,
        WelcomeAttachmentTypes.MiniProgram => MiniProgramKeys,
        _ => [],
    };

    /// <summary>Null when the attachment names exactly one source (or needs none); else the problem, worded for an operator.</summary>
    public static string? Problem(WelcomeAttachmentSpec attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var keys = KeysOf(attachment.Type);
        if (keys.Count == 0)
        {
            return null;
        }

        var given = keys.Count(k => !string.IsNullOrWhiteSpace(ValueOf(attachment, k)));
        if (given != 1)
        {
            var what = attachment.Type == WelcomeAttachmentTypes.MiniProgram ? "a miniprogram's picture" : $"{(attachment.Type == WelcomeAttachmentTypes.Image ? "an" : "a")} {attachment.Type}";
            return $"{what} needs exactly one of {string.Join(", ", keys)}";
        }

        return PathProblem(attachment.Path) ?? PathProblem(attachment.PicPath);
    }

    /// <summary>Null for a path relative to <c>Media:Root</c> that does not go up; else the problem.</summary>
    public static string? PathProblem(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var segments = path.Split('/', '\\');
        return string.IsNullOrWhiteSpace(path) || System.IO.Path.IsPathRooted(path) || path.Contains(':', StringComparison.Ordinal) || segments.Contains("..")
            ? $"'{path}' is not a path relative to Media:Root (no leading '/', no drive, no '..')"
            : null;
    }

    /// <summary>The value of a source field named as in JSON.</summary>
    public static string? ValueOf(WelcomeAttachmentSpec attachment, string key) => key switch
    {
        "mediaId" => attachment.MediaId,
        "picUrl" => attachment.PicUrl,
        "path" => attachment.Path,
        "url" => attachment.Url,
        "picMediaId" => attachment.PicMediaId,
        "picPath" => attachment.PicPath,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a source field"),
    };
}

/// <summary>The values of <see cref="WelcomeAttachmentSpec.Type"/>.</summary>
public static class WelcomeAttachmentTypes
{
    public const string Image = "image";
    public const string Link = "link";
    public const string MiniProgram = "miniprogram";
    public const string Video = "video";
    public const string File = "file";
}

/// <summary>The welcome template to send and the rule that chose it (null: the rule set's default welcome).</summary>
public sealed record WelcomeChoice(string TemplateId, string? RuleId);

/// <summary>A welcome message with its placeholders filled, ready for send_welcome_msg.</summary>
public sealed record RenderedWelcome(string? Text, IReadOnlyList<WelcomeAttachmentSpec> Attachments);
