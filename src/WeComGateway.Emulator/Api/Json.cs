using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Api;

/// <summary>Lenient reads of WeCom request bodies, and the errcode answers.</summary>
internal static class Json
{
    public static string? Str(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    public static long? Long(this JsonObject body, string name) => body[name] switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public static bool? Bool(this JsonObject body, string name) => body[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l != 0,
        _ => null,
    };

    public static List<string> Strings(this JsonObject body, string name) =>
        body[name] is JsonArray a
            ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : v.ToJsonString()).ToList()
            : [];

    public static JsonObject Ok(JsonObject? extra = null)
    {
        var answer = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
        foreach (var (key, value) in extra ?? [])
        {
            answer[key] = value?.DeepClone();
        }

        return answer;
    }

    public static JsonObject Error(int errcode, string errmsg) =>
        new() { ["errcode"] = errcode, ["errmsg"] = $"{errmsg}, hint: [emulator], from ip: 127.0.0.1" };

    public static int ErrCode(JsonObject answer) => answer["errcode"] is JsonValue v && v.TryGetValue<int>(out var c) ? c : 0;

    /// <summary>A stable (non-randomised) hash: the same input picks the same fake data on every run.</summary>
    public static uint StableHash(string value) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0);

    public static string NewId(string prefix, int hexChars) =>
        prefix + RandomNumberGenerator.GetHexString(hexChars, lowercase: true);
}
