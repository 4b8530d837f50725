using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// <c>externalcontact/remark</c> with WeCom's limits: remark ≤ 20 characters, description ≤ 150, remark_company ≤ 20
/// (kept only for WeChat customers, which all emulated customers are), not every field empty; remark_mobiles replaces
/// the list. Only the fields given change. Refusals answer 40058 (invalid parameter): WeCom documents no errcode of
/// its own for these limits.
/// </summary>
internal static class RemarkApi
{
    public const int MaxRemark = 20;
    public const int MaxDescription = 150;
    public const int MaxRemarkCompany = 20;
    private const int InvalidParameter = 40058;

    public static JsonObject Remark(CorpState corp, ApiCall call)
    {
        if (call.Body.Str("userid") is not { } userId || call.Body.Str("external_userid") is not { } externalUserId)
        {
            return Json.Error(InvalidParameter, "userid and external_userid are required");
        }

        string? remark = call.Body.Str("remark"), description = call.Body.Str("description"), company = call.Body.Str("remark_company");
        if (remark is null && description is null && company is null && call.Body["remark_mobiles"] is not JsonArray && call.Body.Str("remark_pic_mediaid") is null)
        {
            return Json.Error(InvalidParameter, "remark, description, remark_company, remark_mobiles and remark_pic_mediaid are all empty");
        }

        if (remark is { Length: > MaxRemark } || description is { Length: > MaxDescription } || company is { Length: > MaxRemarkCompany })
        {
            return Json.Error(InvalidParameter, "remark longer than 20, description longer than 150 or remark_company longer than 20 characters");
        }

        var follow = corp.Follow(externalUserId, userId, call.Now);
        follow.Remark = remark ?? follow.Remark;
        follow.Description = description ?? follow.Description;
        follow.RemarkCompany = company ?? follow.RemarkCompany;
        if (call.Body["remark_mobiles"] is JsonArray)
        {
            follow.RemarkMobiles = call.Body.Strings("remark_mobiles");
        }

        return Json.Ok();
    }
}
