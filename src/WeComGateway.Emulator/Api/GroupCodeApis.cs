using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// Group codes: <c>externalcontact/groupchat/*_join_way</c> (加入群聊) and <c>externalcontact/group_welcome_template/*</c>
/// (入群欢迎语素材), with WeCom's limits: scene 1 or 2, 1–5 chats, <c>state</c> and <c>remark</c> ≤ 30 characters,
/// <c>room_base_name</c> ≤ 40, contact ways and join ways together ≤ <see cref="WayQuota"/> per corp; templates: text ≤
/// 4000 bytes, not empty, ≤ <see cref="TemplateLimit"/> per corp, and of several attachments only the first of image,
/// link, mini-program, file, video is kept (WeCom takes them in that order rather than refusing).
/// </summary>
internal static class GroupCodeApis
{
    public const int MaxChats = 5;

    public const int MaxState = 30;

    public const int MaxRemark = 30;

    public const int MaxRoomBaseName = 40;

    public const int MaxTemplateTextBytes = 4000;

    /// <summary>API-made 联系我 and 加入群聊 share one quota per corp.</summary>
    public const int WayQuota = 500_000;

    public const int TemplateLimit = 100;

    private const int InvalidParameter = 40058;

    /// <summary>In WeCom's order of precedence.</summary>
    private static readonly string[] Attachments = ["image", "link", "miniprogram", "file", "video"];

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/groupchat/add_join_way", TokenKind.Corp, ExternalContactApis.OnCorp(AddJoinWay)),
        new("externalcontact/groupchat/get_join_way", TokenKind.Corp, ExternalContactApis.OnCorp(GetJoinWay)),
        new("externalcontact/groupchat/update_join_way", TokenKind.Corp, ExternalContactApis.OnCorp(UpdateJoinWay)),
        new("externalcontact/groupchat/del_join_way", TokenKind.Corp, ExternalContactApis.OnCorp(DeleteJoinWay)),
        new("externalcontact/group_welcome_template/add", TokenKind.Corp, ExternalContactApis.OnCorp(AddTemplate)),
        new("externalcontact/group_welcome_template/edit", TokenKind.Corp, ExternalContactApis.OnCorp(EditTemplate)),
        new("externalcontact/group_welcome_template/get", TokenKind.Corp, ExternalContactApis.OnCorp(GetTemplate)),
        new("externalcontact/group_welcome_template/del", TokenKind.Corp, ExternalContactApis.OnCorp(DeleteTemplate)),
    ];

    private static JsonObject AddJoinWay(CorpState corp, ApiCall call)
    {
        if (corp.JoinWays.Count + corp.ContactWays.Count >= WayQuota)
        {
            return Json.Error(InvalidParameter, "contact way and join way quota reached");
        }

        if (JoinWayError(call.Body) is { } error)
        {
            return error;
        }

        var configId = Json.NewId(string.Empty, 32);
        corp.JoinWays[configId] = new JoinWayRecord(configId, call.Now, Stored(configId, call.Body));
        return Json.Ok(new() { ["config_id"] = configId });
    }

    private static JsonObject GetJoinWay(CorpState corp, ApiCall call) =>
        call.Body.Str("config_id") is { } id && corp.JoinWays.TryGetValue(id, out var way)
            ? Json.Ok(new() { ["join_way"] = way.Config })
            : Json.Error(InvalidParameter, "invalid config_id");

    private static JsonObject UpdateJoinWay(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("config_id") is not { } id || !corp.JoinWays.TryGetValue(id, out var way))
        {
            return Json.Error(InvalidParameter, "invalid config_id");
        }

        if (JoinWayError(call.Body) is { } error)
        {
            return error;
        }

        corp.JoinWays[id] = way with { Config = Stored(id, call.Body) };
        return Json.Ok();
    }

    private static JsonObject DeleteJoinWay(CorpState corp, ApiCall call) =>
        call.Body.Str("config_id") is { } id && corp.JoinWays.Remove(id)
            ? Json.Ok()
            : Json.Error(InvalidParameter, "invalid config_id");

    private static JsonObject? JoinWayError(JsonObject body)
    {
        if (body.Long("scene") is not (1 or 2))
        {
            return Json.Error(InvalidParameter, "scene must be 1 or 2");
        }

        var chats = body.Strings("chat_id_list");
        if (chats.Count is 0 or > MaxChats)
        {
            return Json.Error(InvalidParameter, $"chat_id_list needs 1 to {MaxChats} chats");
        }

        if (body.Str("state") is { } state && state.Length > MaxState)
        {
            return Json.Error(InvalidParameter, $"state longer than {MaxState} characters");
        }

        if (body.Str("room_base_name") is { } baseName && baseName.Length > MaxRoomBaseName)
        {
            return Json.Error(InvalidParameter, $"room_base_name longer than {MaxRoomBaseName} characters");
        }

        return body.Long("auto_create_room") is { } auto && auto is not (0 or 1)
            ? Json.Error(InvalidParameter, "auto_create_room must be 0 or 1")
            : null;
    }

    /// <summary>The way as get_join_way answers it: remark cut to 30 characters, the QR code for scene 2.</summary>
    private static JsonObject Stored(string configId, JsonObject body)
    {
        var scene = body.Long("scene")!.Value;
        var stored = new JsonObject
        {
            ["config_id"] = configId,
            ["scene"] = scene,
            ["remark"] = body.Str("remark") is { } remark ? remark[..Math.Min(remark.Length, MaxRemark)] : string.Empty,
            ["auto_create_room"] = body.Long("auto_create_room") ?? 0,
            ["room_base_name"] = body.Str("room_base_name") ?? string.Empty,
            ["room_base_id"] = body.Long("room_base_id") ?? 0,
            ["chat_id_list"] = new JsonArray([.. body.Strings("chat_id_list").Select(c => (JsonNode)c)]),
            ["state"] = body.Str("state") ?? string.Empty,
        };
        if (scene == 2)
        {
            stored["qr_code"] = "https://wework.qpic.cn/wwpic/emulator/join/" + configId;
        }

        return stored;
    }

    private static JsonObject AddTemplate(CorpState corp, ApiCall call)
    {
        if (corp.GroupWelcomeTemplates.Count >= TemplateLimit)
        {
            return Json.Error(InvalidParameter, $"the group welcome library holds {TemplateLimit} templates already");
        }

        if (TemplateError(call.Body) is { } error)
        {
            return error;
        }

        var media = new[] { (call.Body["image"] as JsonObject)?.Str("media_id"), (call.Body["video"] as JsonObject)?.Str("media_id"),
            (call.Body["file"] as JsonObject)?.Str("media_id"), (call.Body["miniprogram"] as JsonObject)?.Str("pic_media_id") };
        if (MediaApis.CheckMediaIds(corp, call.Now, media) is { } staleMedia)
        {
            return staleMedia;
        }

        var id = "msg" + Json.NewId(string.Empty, 24);
        corp.GroupWelcomeTemplates[id] = new GroupWelcomeTemplateRecord(id, call.Now, Content(call.Body));
        return Json.Ok(new() { ["template_id"] = id });
    }

    private static JsonObject EditTemplate(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("template_id") is not { } id || !corp.GroupWelcomeTemplates.TryGetValue(id, out var template))
        {
            return Json.Error(InvalidParameter, "invalid template_id");
        }

        if (TemplateError(call.Body) is { } error)
        {
            return error;
        }

        corp.GroupWelcomeTemplates[id] = template with { Content = Content(call.Body) };
        return Json.Ok();
    }

    private static JsonObject GetTemplate(CorpState corp, ApiCall call) =>
        call.Body.Str("template_id") is { } id && corp.GroupWelcomeTemplates.TryGetValue(id, out var template)
            ? Json.Ok(template.Content)
            : Json.Error(InvalidParameter, "invalid template_id");

    private static JsonObject DeleteTemplate(CorpState corp, ApiCall call) =>
        call.Body.Str("template_id") is { } id && corp.GroupWelcomeTemplates.Remove(id)
            ? Json.Ok()
            : Json.Error(InvalidParameter, "invalid template_id");

    private static JsonObject? TemplateError(JsonObject body)
    {
        var text = body["text"] is JsonObject t ? t.Str("content") : null;
        if (text is not null && Encoding.UTF8.GetByteCount(text) > MaxTemplateTextBytes)
        {
            return Json.Error(InvalidParameter, string.Create(CultureInfo.InvariantCulture, $"text longer than {MaxTemplateTextBytes} bytes"));
        }

        return text is null && !Attachments.Any(a => body[a] is JsonObject) ? Json.Error(InvalidParameter, "text and attachment are both empty") : null;
    }

    private static JsonObject Content(JsonObject body)
    {
        var content = new JsonObject();
        if (body["text"] is JsonObject text)
        {
            content["text"] = text.DeepClone();
        }

        if (Attachments.FirstOrDefault(a => body[a] is JsonObject) is { } kept)
        {
            content[kept] = body[kept]!.DeepClone();
        }

        return content;
    }
}
