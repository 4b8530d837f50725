using System.Text;
using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// A moment task as the emulator keeps it: the request, when it was made, how often its result was read, and —
/// decided when it is first read done — WeCom's moment id and the senders and tags it could not use.
/// </summary>
internal sealed class MomentTaskRecord(string jobId, DateTimeOffset createdAt, JsonObject request)
{
    public string JobId { get; } = jobId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public JsonObject Request { get; } = request;

    public int Reads { get; set; }

    public JsonObject? Result { get; set; }
}

/// <summary>
/// <c>externalcontact/add_moment_task</c> and <c>get_moment_task_result</c> with WeCom's limits: text ≤ 2000
/// characters, text and attachments not both empty, up to 9 images or 1 video or 1 link (one kind), media ids
/// required and — when the emulator issued them — valid, of the corp and from upload_attachment (40007 otherwise).
/// The task starts (status 1), runs (2) and is done (3) once <see cref="EmulatorOptions.MomentTaskDuration"/> has
/// passed since it was created; its result names senders who left the corp (<c>/emulator/departed</c>) and tag ids
/// the corp does not have, and carries errcode 40058 when nobody is left to publish it. A job id is answered for
/// 24 hours. Refusals answer 40058 with WeCom's errmsg: WeCom documents the messages, not errcodes of their own.
/// </summary>
internal static class MomentApis
{
    public const int MaxTextLength = 2000;
    private const int InvalidParameter = 40058;
    private static readonly TimeSpan JobIdLifetime = TimeSpan.FromHours(24);

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/add_moment_task", TokenKind.Corp, ExternalContactApis.OnCorp(Add)),
        new("externalcontact/get_moment_task_result", TokenKind.Corp, (state, call) => ExternalContactApis.OnCorp((corp, c) => Result(corp, c, state.MomentTaskDuration))(state, call), IsGet: true),
    ];

    private static JsonObject Add(CorpState corp, ApiCall call)
    {
        var text = (call.Body["text"] as JsonObject)?.Str("content");
        var attachments = call.Body["attachments"] as JsonArray ?? [];
        if (text is null && attachments.Count == 0)
        {
            return Json.Error(InvalidParameter, "invalid msg: text and attachments are both empty");
        }

        if (text is not null && text.EnumerateRunes().Count() > MaxTextLength)
        {
            return Json.Error(InvalidParameter, "invalid text size");
        }

        if (CheckAttachments(corp, call.Now, attachments) is { } refused)
        {
            return refused;
        }

        var jobId = "mjob" + Json.NewId(string.Empty, 28);
        corp.MomentTasks[jobId] = new MomentTaskRecord(jobId, call.Now, (JsonObject)call.Body.DeepClone());
        return Json.Ok(new() { ["jobid"] = jobId });
    }

    private static JsonObject? CheckAttachments(CorpState corp, DateTimeOffset now, JsonArray attachments)
    {
        var kinds = attachments.OfType<JsonObject>().Select(a => a.Str("msgtype")).Distinct(StringComparer.Ordinal).ToList();
        if (attachments.Count == 0)
        {
            return null;
        }

        if (kinds.Count != 1 || kinds[0] is not ("image" or "video" or "link") || attachments.Count != attachments.OfType<JsonObject>().Count())
        {
            return Json.Error(InvalidParameter, "invalid attachments msgtype");
        }

        if (attachments.Count > (kinds[0] == "image" ? 9 : 1))
        {
            return Json.Error(InvalidParameter, "invalid attachments size");
        }

        var ids = attachments.OfType<JsonObject>().Select(a => (a[kinds[0]!] as JsonObject)?.Str("media_id")).ToList();
        if (ids.Any(id => id is null))
        {
            return Json.Error(InvalidParameter, "invalid msg: media_id missing");
        }

        if (kinds[0] == "link" && attachments.OfType<JsonObject>().Any(a => (a["link"] as JsonObject)?.Str("url") is null
            || Encoding.UTF8.GetByteCount((a["link"] as JsonObject)?.Str("title") ?? string.Empty) > 64))
        {
            return Json.Error(InvalidParameter, "invalid link: url missing or title longer than 64 bytes");
        }

        // Moments take upload_attachment media (attachment_type 1) only.
        return MediaApis.CheckMediaIds(corp, now, ids)
            ?? (ids.Any(id => corp.Media.TryGetValue(id!, out var media) && media.AttachmentType != 1) ? Json.Error(MediaApis.InvalidMediaId, "invalid media_id") : null);
    }

    private static JsonObject Result(CorpState corp, ApiCall call, TimeSpan duration)
    {
        var jobId = call.Query["jobid"].ToString();
        if (jobId.Length == 0 || !corp.MomentTasks.TryGetValue(jobId, out var task) || call.Now >= task.CreatedAt + JobIdLifetime)
        {
            return Json.Error(InvalidParameter, "invalid jobid");
        }

        var status = call.Now >= task.CreatedAt + duration ? 3 : task.Reads == 0 ? 1 : 2;
        task.Reads++;
        var answer = new JsonObject { ["status"] = status, ["type"] = "add_moment_task" };
        if (status == 3)
        {
            task.Result ??= Decide(corp, task.Request);
            answer["result"] = task.Result.DeepClone();
        }

        return Json.Ok(answer);
    }

    /// <summary>Which senders and tags WeCom could not use, and the moment id — or 40058 when nothing of the range is left.</summary>
    private static JsonObject Decide(CorpState corp, JsonObject request)
    {
        var range = request["visible_range"] as JsonObject;
        var senders = range?["sender_list"] as JsonObject;
        var users = senders?.Strings("user_list") ?? [];
        var departments = senders?["department_list"] as JsonArray ?? [];
        var tags = (range?["external_contact_list"] as JsonObject)?.Strings("tag_list") ?? [];
        var invalidUsers = users.Where(corp.DepartedMembers.Contains).ToList();
        var invalidTags = tags.Where(t => corp.FindTag(t) is null).ToList();
        var nothingLeft = (users.Count > 0 && invalidUsers.Count == users.Count && departments.Count == 0) || (tags.Count > 0 && invalidTags.Count == tags.Count);
        var result = nothingLeft
            ? new JsonObject { ["errcode"] = InvalidParameter, ["errmsg"] = "no valid sender or customer tag" }
            : new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["moment_id"] = "mom" + Json.NewId(string.Empty, 30) };
        result["invalid_sender_list"] = new JsonObject { ["user_list"] = new JsonArray([.. invalidUsers.Select(u => (JsonNode)u)]), ["department_list"] = new JsonArray() };
        result["invalid_external_contact_list"] = new JsonObject { ["tag_list"] = new JsonArray([.. invalidTags.Select(t => (JsonNode)t)]) };
        return result;
    }
}

/// <summary>What <c>/emulator/moments</c> answers: every moment task, newest first, with its request and result.</summary>
internal sealed record MomentTaskView(string Corpid, string Jobid, DateTimeOffset CreatedAt, int Reads, JsonObject Request, JsonObject? Result)
{
    internal static IReadOnlyList<MomentTaskView> Of(EmulatorState state) =>
        [.. state.Corps.Values
            .SelectMany(c => c.MomentTasks.Values.Select(t => new MomentTaskView(c.CorpId, t.JobId, t.CreatedAt, t.Reads, (JsonObject)t.Request.DeepClone(), (JsonObject?)t.Result?.DeepClone())))
            .OrderByDescending(t => t.CreatedAt)];
}
