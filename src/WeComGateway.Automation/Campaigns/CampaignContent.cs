namespace WeComGateway.Automation;

/// <summary>
/// What a campaign sends: text with the welcome placeholders (<c>{customer_name}</c>, <c>{employee_name}</c>,
/// <c>{channel}</c>, with <c>|fallback</c>; see <see cref="WelcomeRenderer"/>) and up to <see cref="MaxAttachments"/>
/// attachments as WeCom defines them (image, link, miniprogram, video, file; image, video and file by
/// <c>mediaId</c>, <c>path</c> or <c>url</c>, an image also by <c>picUrl</c>; a miniprogram's picture by
/// <c>picMediaId</c>, <c>picPath</c> or <c>picUrl</c>: exactly one, see <see cref="WelcomeAttachmentSources"/>). Text
/// and attachments are not both empty.
/// </summary>
public sealed record CampaignContent
{
    /// <summary>WeCom's limit on attachments of one add_msg_template.</summary>
    public const int MaxAttachments = 9;

    public string? Text { get; init; }

    public IReadOnlyList<WelcomeAttachmentSpec> Attachments { get; init; } = [];

    /// <summary>Every problem of the content, worded for an operator; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Text) && Attachments.Count == 0)
        {
            problems.Add("text and attachments are both empty");
        }

        if (!string.IsNullOrEmpty(Text))
        {
            var errors = new List<string>();
            if (PlaceholderText.Parse(Text, WelcomePlaceholders.All, errors) is null || errors.Count > 0)
            {
                problems.AddRange(errors.Select(e => "text: " + e));
            }
            else if (Utf8Text.ByteCount(Text) > WelcomeRenderer.MaxTextBytes * 4)
            {
                problems.Add($"text is far beyond WeCom's {WelcomeRenderer.MaxTextBytes} bytes");
            }
        }

        if (Attachments.Count > MaxAttachments)
        {
            problems.Add($"at most {MaxAttachments} attachments (WeCom's limit)");
        }

        for (var i = 0; i < Attachments.Count; i++)
        {
            if (AttachmentProblem(Attachments[i]) is { } problem)
            {
                problems.Add($"attachments[{i}]: {problem}");
            }
        }

        return problems;
    }

    /// <summary>The content for one customer: placeholders filled, cut to WeCom's limits.</summary>
    public RenderedWelcome Render(IReadOnlyDictionary<string, string?> values) =>
        WelcomeRenderer.Render(new WelcomeTemplate { Id = "campaign", Text = Text, Attachments = Attachments }, values);

    private static string? AttachmentProblem(WelcomeAttachmentSpec? a) => a?.Type switch
    {
        null => "is empty",
        WelcomeAttachmentTypes.Link when Blank(a.Title) || Blank(a.Url) => "a link needs title and url",
        WelcomeAttachmentTypes.MiniProgram when Blank(a.Title) || Blank(a.AppId) || Blank(a.Page) =>
            "a miniprogram needs title, appId, page and one of picMediaId, picPath, picUrl",
        WelcomeAttachmentTypes.Image or WelcomeAttachmentTypes.Link or WelcomeAttachmentTypes.MiniProgram or WelcomeAttachmentTypes.Video or WelcomeAttachmentTypes.File =>
            WelcomeAttachmentSources.Problem(a),
        _ => $"type {a.Type} is not image, link, miniprogram, video or file",
    };

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
