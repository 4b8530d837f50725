using System.Text;
using System.Text.Json.Serialization;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi.Message;

/// <summary>
/// A message/send request. Only the text card (<c>msgtype</c> <c>textcard</c>) is built here: <see cref="TextCard"/>
/// keeps to WeCom's limits. <c>touser</c> is member userids joined by <c>|</c> (at most <see cref="MaxUsers"/>).
/// </summary>
public sealed record SendMessageRequest
{
    /// <summary>Recipients per call (WeCom: touser at most 1,000 userids).</summary>
    public const int MaxUsers = 1000;

    [JsonPropertyName("touser")]
    public required string ToUser { get; init; }

    [JsonPropertyName("msgtype")]
    public string MessageType { get; init; } = "textcard";

    [JsonPropertyName("agentid")]
    public required long AgentId { get; init; }

    [JsonPropertyName("textcard")]
    public TextCard? TextCard { get; init; }

    /// <summary>1: WeCom drops an identical request (the same JSON) within <see cref="DuplicateCheckInterval"/>.</summary>
    [JsonPropertyName("enable_duplicate_check")]
    public int? EnableDuplicateCheck { get; init; }

    /// <summary>Seconds, at most 14,400 (4 h); WeCom's default 1,800.</summary>
    [JsonPropertyName("duplicate_check_interval")]
    public int? DuplicateCheckInterval { get; init; }

    /// <summary>A text card to the members <paramref name="userIds"/> (1–1,000 of them).</summary>
    public static SendMessageRequest ForTextCard(IReadOnlyCollection<string> userIds, long agentId, TextCard card)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count is 0 or > MaxUsers)
        {
            throw new ArgumentOutOfRangeException(nameof(userIds), userIds.Count, $"message/send takes 1..{MaxUsers} userids.");
        }

        return new SendMessageRequest { ToUser = string.Join('|', userIds), AgentId = agentId, TextCard = card };
    }
}

/// <summary>
/// WeCom's text card: title at most 128 bytes, description at most 512 bytes, url at most 2,048 bytes, button text at
/// most 4 characters (default 详情). WeCom truncates an over-long title or description itself; <see cref="Create"/>
/// truncates first, on a character boundary, so what the member sees is what the gateway decided.
/// </summary>
public sealed record TextCard
{
    public const int MaxTitleBytes = 128;
    public const int MaxDescriptionBytes = 512;
    public const int MaxUrlBytes = 2048;
    public const int MaxButtonChars = 4;

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("btntxt")]
    public string? ButtonText { get; init; }

    /// <summary>A card within WeCom's limits; a url over 2,048 bytes or a button over 4 characters is refused.</summary>
    public static TextCard Create(string title, string description, string url, string? buttonText = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (Encoding.UTF8.GetByteCount(url) > MaxUrlBytes)
        {
            throw new ArgumentException($"A text card url is at most {MaxUrlBytes} bytes.", nameof(url));
        }

        if (buttonText is not null && buttonText.EnumerateRunes().Count() > MaxButtonChars)
        {
            throw new ArgumentException($"A text card button text is at most {MaxButtonChars} characters.", nameof(buttonText));
        }

        return new TextCard
        {
            Title = Truncate(title, MaxTitleBytes),
            Description = Truncate(description ?? string.Empty, MaxDescriptionBytes),
            Url = url,
            ButtonText = buttonText,
        };
    }

    /// <summary>The longest prefix of whole characters (runes) within <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}

/// <summary>message/send's answer: who did not get it (ids joined by <c>|</c>, lower-cased by WeCom) and the message id.</summary>
public sealed class SendMessageResponse : WeComResponse
{
    [JsonPropertyName("invaliduser")]
    public string? InvalidUser { get; set; }

    [JsonPropertyName("invalidparty")]
    public string? InvalidParty { get; set; }

    [JsonPropertyName("invalidtag")]
    public string? InvalidTag { get; set; }

    /// <summary>Members in the app's visible range without a license for the API (基础接口许可).</summary>
    [JsonPropertyName("unlicenseduser")]
    public string? UnlicensedUser { get; set; }

    [JsonPropertyName("msgid")]
    public string? MessageId { get; set; }

    [JsonPropertyName("response_code")]
    public string? ResponseCode { get; set; }

    /// <summary>Every recipient WeCom named as not reached (invalid or unlicensed).</summary>
    public IReadOnlyList<string> Unreached() =>
        [.. $"{InvalidUser}|{UnlicensedUser}".Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
