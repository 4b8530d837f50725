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
/// fields it needs: image — <see cref="MediaId"/> or <see cref="PicUrl"/>; link — <see cref="Title"/> and
/// <see cref="Url"/> (optional <see cref="PicUrl"/>, <see cref="Description"/>); miniprogram — <see cref="Title"/>,
/// <see cref="PicMediaId"/>, <see cref="AppId"/>, <see cref="Page"/>; video and file — <see cref="MediaId"/>.
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
