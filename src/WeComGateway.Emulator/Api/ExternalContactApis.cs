using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary><c>/cgi-bin/externalcontact/…</c>, against the calling corp's state.</summary>
internal static class ExternalContactApis
{
    private const int InvalidParameter = 40058;

    /// <summary>An emulator cursor: where the next page of follow users starts.</summary>
    private const string FollowCursorPrefix = "FOLLOW-";

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/get", TokenKind.Corp, (state, call) => OnCorp((corp, c) => GetContact(corp, c, state.FollowUserPageSize))(state, call), IsGet: true),
        new("externalcontact/send_welcome_msg", TokenKind.Corp, OnCorp(SendWelcome)),
        new("externalcontact/mark_tag", TokenKind.Corp, OnCorp(MarkTag)),
        new("externalcontact/remark", TokenKind.Corp, OnCorp(Remark)),
        new("externalcontact/groupchat/get", TokenKind.Corp, OnCorp(GroupChat)),
        new("externalcontact/add_contact_way", TokenKind.Corp, (state, call) => OnCorp((corp, c) => ContactWayApis.Add(corp, c, state.MaxContactWays))(state, call)),
        new("externalcontact/get_contact_way", TokenKind.Corp, OnCorp(GetContactWay)),
        new("externalcontact/del_contact_way", TokenKind.Corp, OnCorp(DeleteContactWay)),
        .. ContactWayApis.All,
        .. CorpTagApis.All,
        .. GroupCodeApis.All,
        .. CustomerListApis.All,
        .. MomentApis.All,
    ];

    internal static Func<EmulatorState, ApiCall, JsonObject> OnCorp(Func<CorpState, ApiCall, JsonObject> handle) =>
        (state, call) => state.Corps.TryGetValue(call.CorpId ?? string.Empty, out var corp)
            ? handle(corp, call)
            : Json.Error(48004, "authorization invalid");

    /// <summary>The customer and their follow users, <paramref name="pageSize"/> at a time: <c>next_cursor</c> asks for the rest.</summary>
    private static JsonObject GetContact(CorpState corp, ApiCall call, int pageSize)
    {
        var id = call.Query["external_userid"].ToString();
        if (id.Length == 0)
        {
            return Json.Error(40096, "invalid external_userid");
        }

        var customer = corp.Customer(id);
        var follows = customer.Follows.Count > 0 ? customer.Follows.Values.ToList() : [new Follow("zhangsan", call.Now)];
        var cursor = call.Query["cursor"].ToString();
        var offset = 0;
        if (cursor.Length > 0 && !(cursor.StartsWith(FollowCursorPrefix, StringComparison.Ordinal)
            && int.TryParse(cursor.AsSpan(FollowCursorPrefix.Length), System.Globalization.CultureInfo.InvariantCulture, out offset) && offset > 0 && offset < follows.Count))
        {
            return Json.Error(InvalidParameter, "invalid cursor");
        }

        var followUsers = new JsonArray();
        foreach (var follow in follows.Skip(offset).Take(pageSize))
        {
            var tags = new JsonArray();
            foreach (var tagId in follow.TagIds)
            {
                if (corp.FindTag(tagId) is var (group, tag))
                {
                    tags.Add(new JsonObject { ["group_name"] = group.Name, ["tag_name"] = tag.Name, ["tag_id"] = tag.Id, ["type"] = 1 });
                }
            }

            followUsers.Add(new JsonObject
            {
                ["userid"] = follow.UserId,
                ["remark"] = follow.Remark ?? string.Empty,
                ["description"] = follow.Description ?? string.Empty,
                ["createtime"] = follow.Since.ToUnixTimeSeconds(),
                ["tags"] = tags,
                ["remark_corp_name"] = follow.RemarkCompany ?? string.Empty,
                ["remark_mobiles"] = new JsonArray([.. follow.RemarkMobiles.Select(m => (JsonNode)m)]),
                ["add_way"] = 1,
                ["oper_userid"] = follow.UserId,
            });
        }

        return Json.Ok(new()
        {
            ["external_contact"] = new JsonObject
            {
                ["external_userid"] = customer.ExternalUserId,
                ["name"] = customer.Name,
                ["type"] = 1,
                ["gender"] = (int)(Json.StableHash(id) % 3),
                ["avatar"] = "http://wx.qlogo.cn/mmhead/emulator/0",
            },
            ["follow_user"] = followUsers,
            ["next_cursor"] = offset + pageSize < follows.Count ? FollowCursorPrefix + (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty,
        });
    }

    private static JsonObject SendWelcome(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("welcome_code") is not { } code)
        {
            return Json.Error(41050, "invalid welcome_code");
        }

        if (corp.WelcomesByCode.ContainsKey(code))
        {
            return Json.Error(41051, "customer already begin chatting");
        }

        var text = call.Body["text"] is JsonObject t ? t.Str("content") : null;
        var attachments = call.Body["attachments"] as JsonArray ?? [];
        if (attachments.Count > 9)
        {
            return Json.Error(41064, "too many attachments");
        }

        if (text is null && attachments.Count == 0)
        {
            return Json.Error(InvalidParameter, "text and attachments are both empty");
        }

        if (MediaApis.CheckMediaIds(corp, call.Now, MediaApis.AttachmentMediaIds(attachments)) is { } staleMedia)
        {
            return staleMedia;
        }

        corp.WelcomesByCode[code] = new Welcome(call.Now, code, text, attachments.DeepClone().AsArray());
        return Json.Ok();
    }

    private static JsonObject MarkTag(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("userid") is not { } userId || call.Body.Str("external_userid") is not { } externalUserId)
        {
            return Json.Error(InvalidParameter, "userid and external_userid are required");
        }

        var add = call.Body.Strings("add_tag");
        var remove = call.Body.Strings("remove_tag");
        if (add.Concat(remove).FirstOrDefault(id => corp.FindTag(id) is null) is { } unknown)
        {
            return Json.Error(40068, "invalid tagid " + unknown);
        }

        var follow = corp.Follow(externalUserId, userId, call.Now);
        follow.TagIds.UnionWith(add);
        follow.TagIds.ExceptWith(remove);
        return Json.Ok();
    }

    private static JsonObject Remark(CorpState corp, ApiCall call) => RemarkApi.Remark(corp, call);

    private static JsonObject GroupChat(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("chat_id") is not { } chatId)
        {
            return Json.Error(InvalidParameter, "chat_id is required");
        }

        var needName = call.Body.Long("need_name") == 1;
        var created = call.Now.AddDays(-7).ToUnixTimeSeconds();
        var members = new JsonArray
        {
            Member("zhangsan", 1, "张三", created),
            Member("wm" + Json.StableHash(chatId + "1").ToString("x8", System.Globalization.CultureInfo.InvariantCulture), 2, null, created),
            Member("wm" + Json.StableHash(chatId + "2").ToString("x8", System.Globalization.CultureInfo.InvariantCulture), 2, null, created),
        };
        return Json.Ok(new()
        {
            ["group_chat"] = new JsonObject
            {
                ["chat_id"] = chatId,
                ["name"] = "客户群 " + FakeNames.For(chatId),
                ["owner"] = "zhangsan",
                ["create_time"] = created,
                ["notice"] = string.Empty,
                ["member_list"] = members,
                ["admin_list"] = new JsonArray(),
                ["member_version"] = Json.StableHash(chatId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });

        JsonObject Member(string userId, int type, string? name, long joined)
        {
            var member = new JsonObject
            {
                ["userid"] = userId,
                ["type"] = type,
                ["join_time"] = joined,
                ["join_scene"] = type == 1 ? 1 : 3,
                ["invitor"] = new JsonObject { ["userid"] = "zhangsan" },
                ["group_nickname"] = string.Empty,
            };
            if (needName)
            {
                member["name"] = name ?? FakeNames.For(userId);
            }

            return member;
        }
    }

    private static JsonObject GetContactWay(CorpState corp, ApiCall call) =>
        call.Body.Str("config_id") is { } id && corp.ContactWays.TryGetValue(id, out var way)
            ? Json.Ok(new() { ["contact_way"] = way.Config })
            : Json.Error(InvalidParameter, "invalid config_id");

    private static JsonObject DeleteContactWay(CorpState corp, ApiCall call) =>
        call.Body.Str("config_id") is { } id && corp.ContactWays.Remove(id)
            ? Json.Ok()
            : Json.Error(InvalidParameter, "invalid config_id");
}
