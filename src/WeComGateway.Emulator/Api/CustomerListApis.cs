using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// Listing a corp's existing customers: get_follow_user_list, and batch/get_by_user paged with an opaque cursor that
/// is valid only for the <c>userid_list</c> it was issued for.
/// </summary>
internal static class CustomerListApis
{
    private const int InvalidParameter = 40058;
    private const int MaxUsers = 100;
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/get_follow_user_list", TokenKind.Corp, ExternalContactApis.OnCorp(FollowUsers), IsGet: true),
        new("externalcontact/batch/get_by_user", TokenKind.Corp, ExternalContactApis.OnCorp(CustomersByUser)),
    ];

    private static JsonObject FollowUsers(CorpState corp, ApiCall call) =>
        Json.Ok(new() { ["follow_user"] = new JsonArray([.. corp.FollowUserIds().Select(u => (JsonNode)u)]) });

    private static JsonObject CustomersByUser(CorpState corp, ApiCall call)
    {
        var users = call.Body.Strings("userid_list").Distinct(StringComparer.Ordinal).ToList();
        if (users.Count is 0 or > MaxUsers)
        {
            return Json.Error(InvalidParameter, "userid_list must hold 1 to 100 userids");
        }

        var limit = (int)Math.Min(call.Body.Long("limit") ?? DefaultLimit, MaxLimit);
        if (limit < 1)
        {
            return Json.Error(InvalidParameter, "invalid limit");
        }

        var list = string.Join('\n', users);
        var offset = 0;
        if (call.Body.Str("cursor") is { } cursor && !TryReadCursor(cursor, list, out offset))
        {
            return Json.Error(InvalidParameter, "invalid cursor");
        }

        var entries = users
            .SelectMany(user => corp.Customers.Values
                .Where(c => c.Follows.ContainsKey(user))
                .OrderBy(c => c.ExternalUserId, StringComparer.Ordinal)
                .Select(c => (Customer: c, Follow: c.Follows[user])))
            .ToList();
        var page = entries.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        return Json.Ok(new()
        {
            ["external_contact_list"] = new JsonArray([.. page.Select(e => (JsonNode)Entry(corp, e.Customer, e.Follow))]),
            ["next_cursor"] = next < entries.Count ? Cursor(next, list) : string.Empty,
        });
    }

    private static JsonObject Entry(CorpState corp, Customer customer, Follow follow) => new()
    {
        ["external_contact"] = new JsonObject
        {
            ["external_userid"] = customer.ExternalUserId,
            ["name"] = customer.Name,
            ["type"] = 1,
            ["gender"] = (int)(Json.StableHash(customer.ExternalUserId) % 3),
            ["avatar"] = "http://wx.qlogo.cn/mmhead/emulator/0",
        },
        ["follow_info"] = new JsonObject
        {
            ["userid"] = follow.UserId,
            ["remark"] = follow.Remark ?? string.Empty,
            ["description"] = follow.Description ?? string.Empty,
            ["createtime"] = follow.Since.ToUnixTimeSeconds(),
            ["tag_id"] = new JsonArray([.. follow.TagIds.Where(id => corp.FindTag(id) is not null).Select(id => (JsonNode)id)]),
            ["remark_corp_name"] = follow.RemarkCompany ?? string.Empty,
            ["remark_mobiles"] = new JsonArray([.. follow.RemarkMobiles.Select(m => (JsonNode)m)]),
            ["oper_userid"] = follow.UserId,
            ["add_way"] = 1,
        },
    };

    /// <summary>Opaque to the caller: the offset, bound to the userid_list (or another scope: mass message paging) by a hash.</summary>
    internal static string Cursor(int offset, string list) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Json.StableHash(list):x8}:{offset}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static bool TryReadCursor(string cursor, string list, out int offset)
    {
        offset = 0;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2
                && parts[0] == Json.StableHash(list).ToString("x8", CultureInfo.InvariantCulture)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
