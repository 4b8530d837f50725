using System.Globalization;
using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// 「联系我」 (add/update/list_contact_way) with WeCom's limits, and get_user_behavior_data. WeCom documents the limits
/// (state and remark ≤ 30 characters, 500,000 API-created contact ways per corp, temporary codes for one member only,
/// validity ≤ 14 days) but not the errcode of each: the emulator answers 40058 (invalid parameter) for them.
/// </summary>
internal static class ContactWayApis
{
    private const int InvalidParameter = 40058;
    private const int MaxText = 30;
    private const int MaxTempSeconds = 14 * 24 * 3600;
    private const int MaxListLimit = 1000;
    private const int MaxBehaviorDays = 30;
    private const string CursorPrefix = "CW-";
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/update_contact_way", TokenKind.Corp, ExternalContactApis.OnCorp(Update)),
        new("externalcontact/list_contact_way", TokenKind.Corp, ExternalContactApis.OnCorp(List)),
        new("externalcontact/get_user_behavior_data", TokenKind.Corp, ExternalContactApis.OnCorp(Behavior)),
    ];

    public static JsonObject Add(CorpState corp, ApiCall call, int maxContactWays)
    {
        var type = call.Body.Long("type");
        var scene = call.Body.Long("scene");
        if (type is not (1 or 2) || scene is not (1 or 2))
        {
            return Json.Error(InvalidParameter, "type and scene must be 1 or 2");
        }

        var users = call.Body.Strings("user");
        if (type == 1 && users.Count != 1)
        {
            return Json.Error(InvalidParameter, "type 1 needs exactly one user");
        }

        if (type == 2 && users.Count == 0 && call.Body.Strings("party").Count == 0)
        {
            return Json.Error(InvalidParameter, "type 2 needs users or parties");
        }

        if (Limits(call.Body) is { } refused)
        {
            return refused;
        }

        var temporary = call.Body.Bool("is_temp") == true;
        if (temporary && type != 1)
        {
            return Json.Error(InvalidParameter, "a temporary contact way is for one member only");
        }

        if (!temporary && corp.ContactWays.Values.Count(w => w.Config.Bool("is_temp") != true) >= maxContactWays)
        {
            return Json.Error(InvalidParameter, $"the corp has {maxContactWays} contact ways created through the API already");
        }

        var configId = Json.NewId(string.Empty, 32);
        var config = call.Body.DeepClone().AsObject();
        config["config_id"] = configId;
        config["skip_verify"] = call.Body.Bool("skip_verify") ?? true;
        if (temporary)
        {
            config["expires_in"] = call.Body.Long("expires_in") ?? 7 * 24 * 3600;
        }

        if (scene == 2)
        {
            config["qr_code"] = "https://wework.qpic.cn/wwpic/emulator/" + configId;
        }

        corp.ContactWays[configId] = new ContactWayRecord(configId, call.Now, config);
        var answer = new JsonObject { ["config_id"] = configId };
        if (config["qr_code"] is { } qr)
        {
            answer["qr_code"] = qr.DeepClone();
        }

        return Json.Ok(answer);
    }

    private static JsonObject Update(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("config_id") is not { } id || !corp.ContactWays.TryGetValue(id, out var way))
        {
            return Json.Error(InvalidParameter, "invalid config_id");
        }

        if (Limits(call.Body) is { } refused)
        {
            return refused;
        }

        var config = way.Config;
        if (config.Long("type") == 1 && call.Body["user"] is JsonArray && call.Body.Strings("user").Count != 1)
        {
            return Json.Error(InvalidParameter, "type 1 needs exactly one user");
        }

        foreach (var name in new[] { "remark", "skip_verify", "style", "state", "user", "party", "expires_in", "chat_expires_in", "unionid", "conclusions" })
        {
            if (call.Body[name] is { } value)
            {
                config[name] = value.DeepClone();
            }
        }

        return Json.Ok();
    }

    private static JsonObject List(CorpState corp, ApiCall call)
    {
        var limit = (int)(call.Body.Long("limit") ?? 100);
        if (limit is < 1 or > MaxListLimit)
        {
            return Json.Error(InvalidParameter, "limit must be 1 to 1000");
        }

        var start = call.Body.Long("start_time");
        var end = call.Body.Long("end_time");
        var offset = 0;
        if (call.Body.Str("cursor") is { } cursor
            && !(cursor.StartsWith(CursorPrefix, StringComparison.Ordinal) && int.TryParse(cursor.AsSpan(CursorPrefix.Length), CultureInfo.InvariantCulture, out offset)))
        {
            return Json.Error(InvalidParameter, "invalid cursor");
        }

        var ways = corp.ContactWays.Values
            .Where(w => w.Config.Bool("is_temp") != true)
            .Where(w => (start is null || w.CreatedAt.ToUnixTimeSeconds() >= start) && (end is null || w.CreatedAt.ToUnixTimeSeconds() <= end))
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.ConfigId, StringComparer.Ordinal)
            .ToList();
        var page = ways.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        return Json.Ok(new()
        {
            ["contact_way"] = new JsonArray([.. page.Select(w => (JsonNode)new JsonObject { ["config_id"] = w.ConfigId })]),
            ["next_cursor"] = next < ways.Count ? CursorPrefix + next.ToString(CultureInfo.InvariantCulture) : string.Empty,
        });
    }

    private static JsonObject Behavior(CorpState corp, ApiCall call)
    {
        var users = call.Body.Strings("userid");
        if (users.Count == 0 && call.Body.Strings("partyid").Count == 0)
        {
            return Json.Error(InvalidParameter, "userid and partyid cannot both be empty");
        }

        if (call.Body.Long("start_time") is not { } start || call.Body.Long("end_time") is not { } end || end < start)
        {
            return Json.Error(InvalidParameter, "invalid start_time or end_time");
        }

        var first = DayOf(start);
        var last = DayOf(end);
        if (last.DayNumber - first.DayNumber >= MaxBehaviorDays)
        {
            return Json.Error(InvalidParameter, "the range may span at most 30 days");
        }

        var data = new JsonArray();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            long added = 0, negative = 0;
            foreach (var user in users)
            {
                var (n, f) = corp.Behavior.GetValueOrDefault((user, day));
                added += n;
                negative += f;
            }

            data.Add(new JsonObject
            {
                ["stat_time"] = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime).ToUnixTimeSeconds(),
                ["chat_cnt"] = 0,
                ["message_cnt"] = 0,
                ["negative_feedback_cnt"] = negative,
                ["new_apply_cnt"] = 0,
                ["new_contact_cnt"] = added,
            });
        }

        return Json.Ok(new() { ["behavior_data"] = data });
    }

    private static DateOnly DayOf(long unixSeconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToOffset(ChinaTime).DateTime);

    private static JsonObject? Limits(JsonObject body)
    {
        if (body.Str("state") is { Length: > MaxText })
        {
            return Json.Error(InvalidParameter, "state longer than 30 characters");
        }

        if (body.Str("remark") is { Length: > MaxText })
        {
            return Json.Error(InvalidParameter, "remark longer than 30 characters");
        }

        if (body.Long("expires_in") is { } expires && (expires < 1 || expires > MaxTempSeconds))
        {
            return Json.Error(InvalidParameter, "expires_in must be at most 14 days");
        }

        return null;
    }
}
