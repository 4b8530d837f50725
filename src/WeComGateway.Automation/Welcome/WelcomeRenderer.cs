namespace WeComGateway.Automation;

/// <summary>
/// Fills a welcome template's placeholders: <c>{customer_name}</c>, <c>{employee_name}</c>, <c>{channel}</c> (see
/// <see cref="WelcomePlaceholders"/>) in the text and in link titles and descriptions. <c>{customer_name|朋友}</c>
/// uses 朋友 when the value is missing or empty, <c>{customer_name}</c> then uses nothing. <c>{{</c> and <c>}}</c>
/// are literal braces. Results are cut to WeCom's limits between whole characters.
/// </summary>
public static class WelcomeRenderer
{
    /// <summary>WeCom's limit on a welcome message's text, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 4000;

    /// <summary>WeCom's limit on a link attachment's title, in UTF-8 bytes.</summary>
    public const int MaxLinkTitleBytes = 128;

    /// <summary>WeCom's limit on a link attachment's description, in UTF-8 bytes.</summary>
    public const int MaxLinkDescriptionBytes = 512;

    /// <summary>
    /// The template with <paramref name="values"/> filled in. Templates from <see cref="RuleSet.Parse"/> have only
    /// known placeholders; in others an unknown placeholder or a stray brace is kept as written.
    /// </summary>
    public static RenderedWelcome Render(WelcomeTemplate template, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var source = new DictionaryValues(values);
        var text = Fill(template.Text, source, MaxTextBytes);
        var attachments = template.Attachments;
        for (var i = 0; i < attachments.Count; i++)
        {
            if (attachments[i].Type == WelcomeAttachmentTypes.Link)
            {
                attachments = RenderLinks(template.Attachments, source);
                break;
            }
        }

        return new RenderedWelcome(string.IsNullOrEmpty(text) ? null : text, attachments);
    }

    private static WelcomeAttachmentSpec[] RenderLinks(IReadOnlyList<WelcomeAttachmentSpec> attachments, DictionaryValues values)
    {
        var rendered = new WelcomeAttachmentSpec[attachments.Count];
        for (var i = 0; i < rendered.Length; i++)
        {
            var attachment = attachments[i];
            rendered[i] = attachment.Type != WelcomeAttachmentTypes.Link
                ? attachment
                : attachment with
                {
                    Title = Fill(attachment.Title, values, MaxLinkTitleBytes),
                    Description = Fill(attachment.Description, values, MaxLinkDescriptionBytes),
                };
        }

        return rendered;
    }

    private static string? Fill(string? text, DictionaryValues values, int maxBytes) =>
        string.IsNullOrEmpty(text)
            ? text
            : Utf8Text.TruncateToBytes(PlaceholderText.Parse(text, WelcomePlaceholders.All, errors: null)!.Render(values, requireValues: false)!, maxBytes);

    private readonly struct DictionaryValues(IReadOnlyDictionary<string, string?> values) : IPlaceholderValues
    {
        public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
    }
}
