using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Emulator.Api;

namespace WeComGateway.Emulator;

/// <summary>
/// What happens at WeCom without the gateway asking, for demos and tests: a corp installs the app (an auth code, or an
/// authorization made earlier), renames itself or takes the app away, an admin creates tags in the console, an
/// employee tags a customer by hand, a customer has a WeChat name, a token expires early. None of these is a WeCom API call, so none is in the call log.
/// Bodies are JSON with WeCom's snake_case names.
/// </summary>
internal static class EmulatorSteering
{
    private const int MaxExistingCustomers = 100_000;

    private static readonly string[] DefaultFollowUsers = ["zhangsan", "lisi", "wangwu"];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/emulator/corps", Corp);
        group.MapPost("/emulator/auth-codes", AuthCode);
        group.MapPost("/emulator/revoke", Revoke);
        group.MapPost("/emulator/tags", Tags);
        group.MapPost("/emulator/customers", Customer);
        group.MapPost("/emulator/departed", Departed);
        group.MapPost("/emulator/customer-tags", TagCustomerByHand);
        group.MapPost("/emulator/existing-customers", ExistingCustomers);
        group.MapPost("/emulator/tokens", Token);
        group.MapPost("/emulator/expire", Expire);
        group.MapPost("/emulator/behavior", Behavior);
        group.MapPost("/emulator/media/expire", MediaApis.Expire);
        group.MapPost("/emulator/groupmsg/confirm", GroupMessageApis.ConfirmEndpoint);
        group.MapPost("/emulator/unfollow", Unfollow);
    }

    /// <summary><c>{corpid, corp_name?, permanent_code?}</c>: creates or renames a corp; a permanent code authorizes it.</summary>
    private static Results<NoContent, BadRequest<string>> Corp(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        state.Authorize(corpId, body.Str("corp_name"), body.Str("permanent_code"));
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>{corpid, corp_name?, permanent_code?, auth_code?}</c> → <c>{auth_code}</c>: a single-use auth code (as in
    /// create_auth or reset_permanent_code) that get_permanent_code exchanges for this corp, under this name, for this
    /// permanent code (a new one when not given).
    /// </summary>
    private static Results<JsonHttpResult<JsonObject>, BadRequest<string>> AuthCode(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        var code = state.IssueAuthCode(corpId, body.Str("corp_name"), body.Str("permanent_code"), body.Str("auth_code"));
        return EmulatorEndpoints.Answer(new JsonObject { ["auth_code"] = code });
    }

    /// <summary><c>{corpid}</c>: the corp's permanent codes stop working (40084) and its corp token expires.</summary>
    private static Results<NoContent, NotFound<string>, BadRequest<string>> Revoke(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        return state.Revoke(corpId) ? TypedResults.NoContent() : TypedResults.NotFound($"corp {corpId} has no permanent code");
    }

    /// <summary><c>{corpid, group_id | group_name, tag: [{name}]}</c>: tags created in the admin console; answers as add_corp_tag.</summary>
    private static Results<JsonHttpResult<JsonObject>, BadRequest<string>> Tags(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        return EmulatorEndpoints.Answer(state.AddConsoleTags(corpId, body));
    }

    /// <summary>
    /// <c>{corpid, userid, day: "2026-03-02", new_contact_cnt, negative_feedback_cnt}</c>: what WeCom's statistics
    /// (get_user_behavior_data) say of the member on that day.
    /// </summary>
    private static Results<NoContent, BadRequest<string>> Behavior(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId || body.Str("userid") is not { } userId
            || !DateOnly.TryParseExact(body.Str("day"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return TypedResults.BadRequest("corpid, userid and day (yyyy-MM-dd) are required.");
        }

        state.SetBehavior(corpId, userId, day, body.Long("new_contact_cnt") ?? 0, body.Long("negative_feedback_cnt") ?? 0);
        return TypedResults.NoContent();
    }


    /// <summary>
    /// <c>{corpid, external_userid, name?, userid?, remark_mobiles?, remark?}</c>: the WeChat name externalcontact/get answers for
    /// this customer; with <c>userid</c> and <c>remark_mobiles</c>, the phone numbers that member keeps in the customer's
    /// remark, and with <c>remark</c> the remark itself (as typed in the WeCom app; no callback).
    /// </summary>
    private static Results<NoContent, BadRequest<string>> Customer(JsonObject body, EmulatorState state)
    {
        var mobiles = body.Strings("remark_mobiles");
        var userId = body.Str("userid");
        if (body.Str("corpid") is not { } corpId || body.Str("external_userid") is not { } externalUserId
            || (body.Str("name") is null && (userId is null || (body["remark_mobiles"] is not JsonArray && body.Str("remark") is null))))
        {
            return TypedResults.BadRequest("corpid, external_userid and name (or userid and remark_mobiles or remark) are required.");
        }

        if (userId is not null && body.Str("remark") is { } remark)
        {
            state.SetRemark(corpId, externalUserId, userId, remark);
        }

        if (body.Str("name") is { } name)
        {
            state.NameCustomer(corpId, externalUserId, name);
        }

        if (userId is not null && body["remark_mobiles"] is JsonArray)
        {
            state.SetRemarkMobiles(corpId, externalUserId, userId, mobiles);
        }

        return TypedResults.NoContent();
    }

    /// <summary><c>{corpid, userid}</c>: the member left the corp; message/send answers them in <c>invaliduser</c> (81013 when no one else is left).</summary>
    private static Results<NoContent, BadRequest<string>> Departed(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId || body.Str("userid") is not { } userId)
        {
            return TypedResults.BadRequest("corpid and userid are required.");
        }

        state.Depart(corpId, userId);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>{corpid, external_userid, userid}</c>: the customer and the member are no longer friends (one deleted the
    /// other; no callback): the member no longer follows the customer, so a mass message from them answers status 2.
    /// </summary>
    private static Results<NoContent, NotFound<string>, BadRequest<string>> Unfollow(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId || body.Str("external_userid") is not { } externalUserId || body.Str("userid") is not { } userId)
        {
            return TypedResults.BadRequest("corpid, external_userid and userid are required.");
        }

        return state.Unfollow(corpId, externalUserId, userId)
            ? TypedResults.NoContent()
            : TypedResults.NotFound($"member {userId} does not follow customer {externalUserId} in corp {corpId}");
    }

    /// <summary>
    /// <c>{corpid, external_userid, userid, add_tag?: [{group_name, tag_name}], remove_tag?: [{group_name, tag_name}]}</c>:
    /// the employee tags the customer by hand with tags of the corp's library (no callback, no call log entry).
    /// </summary>
    private static Results<NoContent, NotFound<string>, BadRequest<string>> TagCustomerByHand(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId || body.Str("external_userid") is not { } externalUserId || body.Str("userid") is not { } userId)
        {
            return TypedResults.BadRequest("corpid, external_userid and userid are required.");
        }

        var add = TagNames(body["add_tag"]);
        var remove = TagNames(body["remove_tag"]);
        if (add is null || remove is null)
        {
            return TypedResults.BadRequest("add_tag and remove_tag are lists of {group_name, tag_name}.");
        }

        return state.TagByHand(corpId, externalUserId, userId, add, remove) is { } unknown
            ? TypedResults.NotFound($"corp {corpId} has no tag {unknown}")
            : TypedResults.NoContent();
    }

    private static List<(string Group, string Name)>? TagNames(JsonNode? list)
    {
        if (list is null)
        {
            return [];
        }

        var names = new List<(string, string)>();
        foreach (var item in list as JsonArray ?? [null])
        {
            if (item is not JsonObject tag || tag.Str("group_name") is not { } group || tag.Str("tag_name") is not { } name)
            {
                return null;
            }

            names.Add((group, name));
        }

        return names;
    }

    /// <summary>
    /// <c>{corpid, count, follow_users?}</c> → <c>{external_userids}</c>: customers the corp's members already had before
    /// the install (default members zhangsan, lisi, wangwu), tagged from the corp's tag library; listed by
    /// get_follow_user_list and batch/get_by_user.
    /// </summary>
    private static Results<JsonHttpResult<JsonObject>, BadRequest<string>> ExistingCustomers(JsonObject body, EmulatorState state)
    {
        var followUsers = body.Strings("follow_users");
        if (body.Str("corpid") is not { } corpId || body.Long("count") is not (>= 1 and <= MaxExistingCustomers) || followUsers.Any(string.IsNullOrWhiteSpace))
        {
            return TypedResults.BadRequest($"corpid and count (1..{MaxExistingCustomers}) are required; follow_users, when given, are userids.");
        }

        var count = (int)body.Long("count")!.Value;
        var seeded = state.SeedExistingCustomers(corpId, count, followUsers.Count > 0 ? followUsers : DefaultFollowUsers);
        return EmulatorEndpoints.Answer(new JsonObject { ["external_userids"] = new JsonArray([.. seeded.Select(id => (JsonNode)id)]) });
    }

    /// <summary>
    /// <c>{corpid}</c> → <c>{access_token, expires_in}</c>, or <c>{suite_id}</c> → <c>{suite_access_token, expires_in}</c>:
    /// the current token, or a new one, as if fetched.
    /// </summary>
    private static Results<JsonHttpResult<JsonObject>, BadRequest<string>> Token(JsonObject body, EmulatorState state)
    {
        if (Owner(body) is not var (kind, owner, field))
        {
            return TypedResults.BadRequest("corpid or suite_id is required.");
        }

        var (value, expiresIn) = state.IssueToken(kind, owner);
        return EmulatorEndpoints.Answer(new JsonObject { [field] = value, ["expires_in"] = expiresIn });
    }

    /// <summary><c>{corpid}</c> or <c>{suite_id}</c>: the current token expires now (42001 / 42009 until fetched again).</summary>
    private static Results<NoContent, NotFound<string>, BadRequest<string>> Expire(JsonObject body, EmulatorState state)
    {
        if (Owner(body) is not var (kind, owner, _))
        {
            return TypedResults.BadRequest("corpid or suite_id is required.");
        }

        return state.ExpireToken(kind, owner) ? TypedResults.NoContent() : TypedResults.NotFound($"{owner} has no valid token");
    }

    private static (TokenKind Kind, string Owner, string Field)? Owner(JsonObject body) =>
        body.Str("corpid") is { } corpId ? (TokenKind.Corp, corpId, "access_token")
        : body.Str("suite_id") is { } suiteId ? (TokenKind.Suite, suiteId, "suite_access_token")
        : null;
}
