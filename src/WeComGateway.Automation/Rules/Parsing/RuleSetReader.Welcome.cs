using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>The <c>welcomeTemplates</c> part: ids, text with placeholders, attachments checked per type.</summary>
internal sealed partial class RuleSetReader
{
    private const int MaxUrlLength = 2048;
    private const int MaxMiniProgramTitleBytes = 64;

    private static readonly string[] TemplateKeys = ["id", "description", "text", "attachments"];

    private static readonly string[] AttachmentKeys = ["type", "mediaId", "picUrl", "title", "url", "description", "appId", "page", "picMediaId", "path", "picPath"];

    private static readonly string[] AttachmentTypes =
    [
        WelcomeAttachmentTypes.Image, WelcomeAttachmentTypes.Link, WelcomeAttachmentTypes.MiniProgram,
        WelcomeAttachmentTypes.Video, WelcomeAttachmentTypes.File,
    ];

    private List<WelcomeTemplate> ReadWelcomeTemplates(JsonElement root)
    {
        var templates = new List<WelcomeTemplate>();
        if (!root.TryGetProperty("welcomeTemplates", out var list))
        {
            return templates;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            Error("welcomeTemplates", $"must be a list of templates, not {Describe(list)}");
            return templates;
        }

        if (list.GetArrayLength() > RuleSetLimits.MaxWelcomeTemplates)
        {
            Error("welcomeTemplates", $"{list.GetArrayLength()} templates; at most {RuleSetLimits.MaxWelcomeTemplates}");
            return templates;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = At("welcomeTemplates", index++);
            if (!IsObject(item, path, "a welcome template", TemplateKeys))
            {
                continue;
            }

            var id = Text(item, "id", path, RuleSetLimits.MaxIdLength, required: true);
            if (id is not null && !_templateIds.Add(id))
            {
                Error(At(path, "id"), $"the template id '{id}' is used twice");
            }

            if (item.TryGetProperty("description", out var description))
            {
                Text(description, At(path, "description"), RuleSetLimits.MaxDescriptionLength);
            }

            var text = item.TryGetProperty("text", out var textValue) ? PlaceholderString(textValue, At(path, "text"), WelcomeRenderer.MaxTextBytes) : null;
            var attachments = item.TryGetProperty("attachments", out var attachmentsValue) ? ReadAttachments(attachmentsValue, At(path, "attachments")) : [];
            if (text is null && attachments.Count == 0 && !item.TryGetProperty("text", out _) && !item.TryGetProperty("attachments", out _))
            {
                Error(path, "a welcome message needs a text, attachments, or both");
            }

            if (id is not null)
            {
                templates.Add(new WelcomeTemplate { Id = id, Text = text, Attachments = attachments });
            }
        }

        return templates;
    }

    private List<WelcomeAttachmentSpec> ReadAttachments(JsonElement list, string path)
    {
        var attachments = new List<WelcomeAttachmentSpec>();
        if (list.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"must be a list of attachments, not {Describe(list)}");
            return attachments;
        }

        if (list.GetArrayLength() > WelcomeTemplate.MaxAttachments)
        {
            Error(path, $"{list.GetArrayLength()} attachments; WeCom sends at most {WelcomeTemplate.MaxAttachments}");
            return attachments;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (ReadAttachment(item, At(path, index++)) is { } attachment)
            {
                attachments.Add(attachment);
            }
        }

        return attachments;
    }

    private WelcomeAttachmentSpec? ReadAttachment(JsonElement item, string path)
    {
        if (!IsObject(item, path, "an attachment", AttachmentKeys))
        {
            return null;
        }

        var type = Text(item, "type", path, RuleSetLimits.MaxIdLength, required: true);
        if (type is null)
        {
            return null;
        }

        if (!Contains(AttachmentTypes, type))
        {
            Error(At(path, "type"), $"unknown attachment type '{type}' (types: {string.Join(", ", AttachmentTypes)})");
            return null;
        }

        var (required, optional) = FieldsOf(type);
        var errors = _errors.Count;
        foreach (var property in item.EnumerateObject())
        {
            if (property.Name != "type" && Contains(AttachmentKeys, property.Name) && !Contains(required, property.Name) && !Contains(optional, property.Name))
            {
                Error(At(path, property.Name), $"'{property.Name}' does not belong in {(type == WelcomeAttachmentTypes.Image ? "an" : "a")} {type} attachment ({Needs(type)})");
            }
        }

        foreach (var key in required)
        {
            if (!item.TryGetProperty(key, out _))
            {
                Error(At(path, key), $"'{key}' is missing ({Needs(type)})");
            }
        }

        var spec = new WelcomeAttachmentSpec
        {
            Type = type,
            MediaId = Field(item, "mediaId", path, RuleSetLimits.MaxStringLength),
            PicUrl = Url(item, "picUrl", path),
            Title = item.TryGetProperty("title", out var title)
                ? PlaceholderString(title, At(path, "title"), type == WelcomeAttachmentTypes.Link ? WelcomeRenderer.MaxLinkTitleBytes : MaxMiniProgramTitleBytes)
                : null,
            Url = Url(item, "url", path),
            Description = item.TryGetProperty("description", out var description)
                ? PlaceholderString(description, At(path, "description"), WelcomeRenderer.MaxLinkDescriptionBytes)
                : null,
            AppId = Field(item, "appId", path, RuleSetLimits.MaxIdLength),
            Page = Field(item, "page", path, MaxUrlLength),
            PicMediaId = Field(item, "picMediaId", path, RuleSetLimits.MaxStringLength),
            Path = Field(item, "path", path, MaxUrlLength),
            PicPath = Field(item, "picPath", path, MaxUrlLength),
        };

        if (_errors.Count == errors && WelcomeAttachmentSources.Problem(spec) is { } sourceProblem)
        {
            Error(path, sourceProblem);
        }

        return _errors.Count == errors ? spec : null;
    }

    /// <summary>The fields an attachment must have, and those it may have (its media source: exactly one of them).</summary>
    private static (string[] Required, string[] Optional) FieldsOf(string type) => type switch
    {
        WelcomeAttachmentTypes.Link => (["title", "url"], ["picUrl", "description"]),
        WelcomeAttachmentTypes.MiniProgram => (["title", "appId", "page"], [.. WelcomeAttachmentSources.KeysOf(type)]),
        _ => ([], [.. WelcomeAttachmentSources.KeysOf(type)]),
    };

    private static string Needs(string type) => type switch
    {
        WelcomeAttachmentTypes.Image => "an image takes one of mediaId, picUrl, path, url",
        WelcomeAttachmentTypes.Link => "a link takes title and url, optionally picUrl and description",
        WelcomeAttachmentTypes.MiniProgram => "a miniprogram takes title, appId, page and one of picMediaId, picPath, picUrl",
        _ => $"a {type} takes one of mediaId, path, url",
    };

    private string? Field(JsonElement item, string key, string path, int maxLength) =>
        item.TryGetProperty(key, out var value) ? Text(value, At(path, key), maxLength) : null;

    private string? Url(JsonElement item, string key, string path)
    {
        if (Field(item, key, path, MaxUrlLength) is not { } url)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Error(At(path, key), $"'{Shorten(url)}' is not an http(s) URL");
            return null;
        }

        return url;
    }

    /// <summary>Text with welcome placeholders; its fixed part within <paramref name="maxBytes"/> of UTF-8.</summary>
    private string? PlaceholderString(JsonElement value, string path, int maxBytes)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, $"must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            Error(path, "must not be empty (leave the key out instead)");
            return null;
        }

        if (text.Length > maxBytes || Utf8Text.ByteCount(text) > maxBytes)
        {
            Error(path, $"is {Utf8Text.ByteCount(text)} bytes of UTF-8; WeCom takes at most {maxBytes}");
            return null;
        }

        var problems = new List<string>();
        PlaceholderText.Parse(text, WelcomePlaceholders.All, problems);
        foreach (var problem in problems)
        {
            Error(path, problem);
        }

        return problems.Count == 0 ? text : null;
    }
}
