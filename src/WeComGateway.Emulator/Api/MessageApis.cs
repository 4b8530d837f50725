using System.Text;
using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// <c>/cgi-bin/message/send</c> (application messages; text cards only), against the calling corp's state: the app's
/// <c>agentid</c> must be the one get_permanent_code answered (else 40056); recipients are <c>touser</c> userids
/// (at most 1,000); members marked departed through <c>/emulator/departed</c> are answered in <c>invaliduser</c>, and
/// when no recipient is left the call fails with 81013. Title and description over WeCom's byte limits are truncated,
/// as WeCom does; a member gets at most 30 messages a minute from one app (the rest are dropped silently, as WeCom
/// does); <c>enable_duplicate_check</c> drops an identical request within <c>duplicate_check_interval</c>.
/// </summary>
internal static class MessageApis
{
    /// <summary>The app's agentid in every corp, as get_permanent_code / get_auth_info answer it.</summary>
    public const long AgentId = 1000001;

    public const int InvalidAgentId = 40056;
    public const int AllRecipientsInvalid = 81013;
    public const int NoRecipients = 82001;
    private const int InvalidParameter = 40058;

    private const int MaxUsers = 1000;
    private const int MaxTitleBytes = 128;
    private const int MaxDescriptionBytes = 512;
    private const int MaxUrlBytes = 2048;
    private const int MaxButtonChars = 4;
    private const int PerMemberPerMinute = 30;
    private const long DefaultDuplicateInterval = 1800;
    private const long MaxDuplicateInterval = 4 * 3600;

    public static IEnumerable<ApiSpec> All =>
    [
        new("message/send", TokenKind.Corp, ExternalContactApis.OnCorp(Send)),
    ];

    private static JsonObject Send(CorpState corp, ApiCall call)
    {
        if (call.Body.Long("agentid") != AgentId)
        {
            return Json.Error(InvalidAgentId, "invalid agentid");
        }

        if (call.Body.Str("msgtype") != "textcard" || call.Body["textcard"] is not JsonObject card)
        {
            return Json.Error(InvalidParameter, "the emulator sends msgtype textcard only");
        }

        var users = (call.Body.Str("touser") ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (users.Length == 0)
        {
            return Json.Error(NoRecipients, "touser, toparty and totag are all empty");
        }

        if (users.Length > MaxUsers)
        {
            return Json.Error(InvalidParameter, $"touser holds more than {MaxUsers} userids");
        }

        if (card.Str("title") is not { } title || card.Str("description") is not { } description || card.Str("url") is not { } url)
        {
            return Json.Error(InvalidParameter, "textcard needs title, description and url");
        }

        var button = card.Str("btntxt");
        if (Encoding.UTF8.GetByteCount(url) > MaxUrlBytes || (button is not null && button.EnumerateRunes().Count() > MaxButtonChars))
        {
            return Json.Error(InvalidParameter, "textcard url over 2048 bytes or btntxt over 4 characters");
        }

        var invalid = users.Where(corp.DepartedMembers.Contains).ToList();
        var reached = users.Except(invalid, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
        if (reached.Count == 0)
        {
            return Json.Error(AllRecipientsInvalid, "all touser invalid or no permission");
        }

        var msgId = Json.NewId("msg", 24);
        var fingerprint = Fingerprint(call.Body);
        var duplicate = call.Body.Long("enable_duplicate_check") == 1
            && corp.Messages.Any(m => m.Fingerprint == fingerprint
                && m.SentAt > call.Now.AddSeconds(-Math.Clamp(call.Body.Long("duplicate_check_interval") ?? DefaultDuplicateInterval, 1, MaxDuplicateInterval)));
        var delivered = duplicate
            ? []
            : reached.Where(user => corp.Messages.Count(m => m.SentAt > call.Now.AddMinutes(-1) && m.DeliveredTo.Contains(user)) < PerMemberPerMinute).ToList();
        corp.Messages.Add(new AppMessage(
            msgId, call.Now, users, delivered, Truncate(title, MaxTitleBytes), Truncate(description, MaxDescriptionBytes), url, button ?? "详情", fingerprint));
        return Json.Ok(new()
        {
            ["invaliduser"] = string.Join('|', invalid.Select(u => u.ToLowerInvariant())),
            ["invalidparty"] = string.Empty,
            ["invalidtag"] = string.Empty,
            ["unlicenseduser"] = string.Empty,
            ["msgid"] = msgId,
        });
    }

    private static string Fingerprint(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("enable_duplicate_check");
        copy.Remove("duplicate_check_interval");
        return copy.ToJsonString();
    }

    private static string Truncate(string text, int maxBytes)
    {
        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if ((bytes += rune.Utf8SequenceLength) > maxBytes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
