using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// Mass messages to customers (企业群发), against the calling corp's state: add_msg_template creates a task that waits
/// for each member to confirm it in the WeCom app (<c>/emulator/groupmsg/confirm</c>, or at once with
/// <see cref="EmulatorOptions.AutoConfirmGroupMessages"/>); get_groupmsg_task, get_groupmsg_send_result,
/// remind_groupmsg_send, cancel_groupmsg_send and get_groupmsg_list_v2 read and steer it. Limits and errcodes as WeCom
/// documents them: ≤ 10,000 customers (40058), text ≤ 4000 bytes (40058), ≤ 9 attachments (41064), stale media 40007,
/// no customer sendable 41048, msgid missing 41046 or unknown 41047, a cancelled task cannot be reminded (41093),
/// three reminders per task in 24 h (41094), an invalid cursor 50100, a list range over one month 40058. A customer
/// receives <see cref="EmulatorOptions.GroupMessageMonthlyLimit"/> (WeCom: 4) a natural month (China time); the rest
/// answer status 3. Only <c>chat_type</c> single is emulated.
/// </summary>
internal static class GroupMessageApis
{
    public const int InvalidParameter = 40058;
    public const int InvalidUserId = 40003;
    public const int MissingUserId = 41009;
    public const int MissingMsgId = 41046;
    public const int InvalidMsgId = 41047;
    public const int NoCustomerToSend = 41048;
    public const int TooManyAttachments = 41064;
    public const int Cancelled = 41093;
    public const int RemindLimit = 41094;
    public const int InvalidCursor = 50100;

    private const int MaxCustomers = 10_000;
    private const int MaxTextBytes = 4000;
    private const int MaxAttachments = 9;
    private const int TaskDefaultLimit = 500;
    private const int TaskMaxLimit = 1000;
    private const int ListDefaultLimit = 50;
    private const int ListMaxLimit = 100;
    private const int RemindersPerDay = 3;

    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/add_msg_template", TokenKind.Corp,
            (state, call) => ExternalContactApis.OnCorp((corp, c) => Add(corp, c, state.AutoConfirmGroupMessages, state.GroupMessageMonthlyLimit))(state, call)),
        new("externalcontact/get_groupmsg_task", TokenKind.Corp, ExternalContactApis.OnCorp(Tasks)),
        new("externalcontact/get_groupmsg_send_result", TokenKind.Corp, ExternalContactApis.OnCorp(SendResults)),
        new("externalcontact/remind_groupmsg_send", TokenKind.Corp, ExternalContactApis.OnCorp(Remind)),
        new("externalcontact/cancel_groupmsg_send", TokenKind.Corp, ExternalContactApis.OnCorp(Cancel)),
        new("externalcontact/get_groupmsg_list_v2", TokenKind.Corp, ExternalContactApis.OnCorp(List)),
    ];

    /// <summary>
    /// The member (every member when null) taps send: each customer of their part gets status 1, or 2 when they no
    /// longer follow the member, or 3 when they already received <paramref name="monthlyLimit"/> mass messages from
    /// the corp this month. Parts already sent, and every part of a cancelled task, are left as they are. Returns how
    /// many members sent now; null when <paramref name="userId"/> is not a member of the task.
    /// </summary>
    internal static int? Confirm(CorpState corp, GroupMessageRecord message, string? userId, DateTimeOffset now, int monthlyLimit)
    {
        var members = message.Members.Where(m => userId is null || m.UserId == userId).ToList();
        if (members.Count == 0)
        {
            return null;
        }

        if (message.CancelledAt is not null)
        {
            return 0;
        }

        var sent = 0;
        foreach (var member in members.Where(m => m.SentAt is null))
        {
            member.SentAt = now;
            sent++;
            foreach (var recipient in member.Recipients)
            {
                recipient.Status = Deliver(corp, member.UserId, recipient.ExternalUserId, now, monthlyLimit);
                recipient.SentAt = recipient.Status == 1 ? now : null;
            }
        }

        return sent;
    }

    /// <summary>
    /// <c>{corpid, msgid?, userid?}</c> → <c>{confirmed}</c>: the member (every member when absent) sends the mass
    /// message (every waiting one of the corp when msgid is absent).
    /// </summary>
    internal static Results<JsonHttpResult<JsonObject>, NotFound<string>, BadRequest<string>> ConfirmEndpoint(JsonObject body, EmulatorState state)
    {
        if (body.Str("corpid") is not { } corpId)
        {
            return TypedResults.BadRequest("corpid is required.");
        }

        var msgId = body.Str("msgid");
        var userId = body.Str("userid");
        return state.ConfirmGroupMessage(corpId, msgId, userId) is { } confirmed
            ? EmulatorEndpoints.Answer(new JsonObject { ["confirmed"] = confirmed })
            : TypedResults.NotFound($"corp {corpId} has no mass message {msgId}{(userId is null ? string.Empty : " for member " + userId)}");
    }

    private static int Deliver(CorpState corp, string userId, string externalUserId, DateTimeOffset now, int monthlyLimit)
    {
        if (!corp.Customers.TryGetValue(externalUserId, out var customer) || !customer.Follows.ContainsKey(userId))
        {
            return 2;
        }

        var month = MonthOf(now);
        if (!corp.GroupMessagesReceived.TryGetValue(externalUserId, out var received))
        {
            received = [];
            corp.GroupMessagesReceived[externalUserId] = received;
        }

        if (received.Count(at => MonthOf(at) == month) >= monthlyLimit)
        {
            return 3;
        }

        received.Add(now);
        return 1;
    }

    private static (int Year, int Month) MonthOf(DateTimeOffset at)
    {
        var china = at.ToOffset(ChinaTime);
        return (china.Year, china.Month);
    }

    private static JsonObject Add(CorpState corp, ApiCall call, bool autoConfirm, int monthlyLimit)
    {
        if ((call.Body.Str("chat_type") ?? "single") != "single")
        {
            return Json.Error(InvalidParameter, "the emulator sends chat_type single only");
        }

        var customers = call.Body.Strings("external_userid").Distinct(StringComparer.Ordinal).ToList();
        var sender = call.Body.Str("sender");
        if (customers.Count > MaxCustomers)
        {
            return Json.Error(InvalidParameter, $"external_userid holds more than {MaxCustomers} customers");
        }

        if (customers.Count == 0 && sender is null)
        {
            return Json.Error(InvalidParameter, "external_userid and sender are both empty");
        }

        var text = call.Body["text"] is JsonObject t ? t.Str("content") : null;
        var attachments = call.Body["attachments"] as JsonArray ?? [];
        if (text is not null && Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            return Json.Error(InvalidParameter, $"text.content over {MaxTextBytes} bytes");
        }

        if (attachments.Count > MaxAttachments)
        {
            return Json.Error(TooManyAttachments, "too many attachments");
        }

        if (text is null && attachments.Count == 0)
        {
            return Json.Error(InvalidParameter, "text and attachments are both empty");
        }

        if (MediaApis.CheckMediaIds(corp, call.Now, MediaApis.AttachmentMediaIds(attachments)) is { } staleMedia)
        {
            return staleMedia;
        }

        if (sender is not null && !corp.FollowUserIds().Contains(sender, StringComparer.Ordinal))
        {
            return Json.Error(InvalidUserId, "invalid sender userid");
        }

        if (customers.Count == 0)
        {
            customers = [.. corp.Customers.Values.Where(c => c.Follows.ContainsKey(sender!)).Select(c => c.ExternalUserId).Order(StringComparer.Ordinal)];
        }

        var parts = new Dictionary<string, GroupMessageMember>(StringComparer.Ordinal);
        var failed = new List<string>();
        foreach (var id in customers)
        {
            var follower = corp.Customers.TryGetValue(id, out var customer)
                ? sender is null
                    ? customer.Follows.Values.OrderBy(f => f.Since).ThenBy(f => f.UserId, StringComparer.Ordinal).FirstOrDefault()?.UserId
                    : customer.Follows.ContainsKey(sender) ? sender : null
                : null;
            if (follower is null)
            {
                failed.Add(id);
                continue;
            }

            if (!parts.TryGetValue(follower, out var member))
            {
                member = new GroupMessageMember(follower);
                parts[follower] = member;
            }

            member.Recipients.Add(new GroupMessageRecipient(id));
        }

        if (parts.Count == 0)
        {
            return Json.Error(NoCustomerToSend, "no customer to send");
        }

        var message = new GroupMessageRecord(Json.NewId("msgGAAA", 24), call.Now, sender ?? parts.Keys.First(), text, attachments.DeepClone().AsArray());
        message.Members.AddRange(parts.Values);
        corp.GroupMessages.Add(message);
        if (autoConfirm)
        {
            Confirm(corp, message, null, call.Now, monthlyLimit);
        }

        return Json.Ok(new()
        {
            ["fail_list"] = new JsonArray([.. failed.Select(id => (JsonNode)id)]),
            ["msgid"] = message.MsgId,
        });
    }

    private static JsonObject Tasks(CorpState corp, ApiCall call)
    {
        if (Find(corp, call) is not { } message)
        {
            return Unknown(call);
        }

        return Page(call, "task:" + message.MsgId, message.Members, TaskDefaultLimit, TaskMaxLimit, "task_list", member =>
        {
            var entry = new JsonObject { ["userid"] = member.UserId, ["status"] = member.SentAt is null ? 0 : 2 };
            if (member.SentAt is { } at)
            {
                entry["send_time"] = at.ToUnixTimeSeconds();
            }

            return entry;
        });
    }

    private static JsonObject SendResults(CorpState corp, ApiCall call)
    {
        if (Find(corp, call) is not { } message)
        {
            return Unknown(call);
        }

        if (call.Body.Str("userid") is not { } userId)
        {
            return Json.Error(MissingUserId, "userid missing");
        }

        var recipients = message.Members.Find(m => m.UserId == userId)?.Recipients ?? [];
        return Page(call, "result:" + message.MsgId + ":" + userId, recipients, TaskDefaultLimit, TaskMaxLimit, "send_list", recipient =>
        {
            var entry = new JsonObject { ["external_userid"] = recipient.ExternalUserId, ["userid"] = userId, ["status"] = recipient.Status };
            if (recipient.SentAt is { } at)
            {
                entry["send_time"] = at.ToUnixTimeSeconds();
            }

            return entry;
        });
    }

    private static JsonObject Remind(CorpState corp, ApiCall call)
    {
        if (Find(corp, call) is not { } message)
        {
            return Unknown(call);
        }

        if (message.CancelledAt is not null)
        {
            return Json.Error(Cancelled, "group msg task has been cancelled");
        }

        if (message.Reminders.Count(at => at > call.Now.AddDays(-1)) >= RemindersPerDay)
        {
            return Json.Error(RemindLimit, "remind group msg frequency limit");
        }

        message.Reminders.Add(call.Now);
        return Json.Ok();
    }

    private static JsonObject Cancel(CorpState corp, ApiCall call)
    {
        if (Find(corp, call) is not { } message)
        {
            return Unknown(call);
        }

        message.CancelledAt ??= call.Now;
        return Json.Ok();
    }

    private static JsonObject List(CorpState corp, ApiCall call)
    {
        if ((call.Body.Str("chat_type") ?? "single") != "single")
        {
            return Json.Error(InvalidParameter, "the emulator sends chat_type single only");
        }

        if (call.Body.Long("start_time") is not { } start || call.Body.Long("end_time") is not { } end || end < start)
        {
            return Json.Error(InvalidParameter, "start_time and end_time are required, start first");
        }

        var from = DateTimeOffset.FromUnixTimeSeconds(start).ToOffset(ChinaTime);
        if (DateTimeOffset.FromUnixTimeSeconds(end) > from.AddMonths(1))
        {
            return Json.Error(InvalidParameter, "start_time and end_time are more than one month apart");
        }

        var creator = call.Body.Str("creator");
        var filterType = call.Body.Long("filter_type") ?? 2;
        var messages = corp.GroupMessages
            .Where(m => m.CreatedAt.ToUnixTimeSeconds() >= start && m.CreatedAt.ToUnixTimeSeconds() <= end)
            .Where(m => creator is null || m.Creator == creator)
            .Where(_ => filterType != 1) // every emulated message is created by the corp (create_type 0)
            .ToList();
        var scope = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"list|{start}|{end}|{creator}|{filterType}");
        return Page(call, scope, messages, ListDefaultLimit, ListMaxLimit, "group_msg_list", message =>
        {
            var entry = new JsonObject
            {
                ["msgid"] = message.MsgId,
                ["creator"] = message.Creator,
                ["create_time"] = message.CreatedAt.ToUnixTimeSeconds(),
                ["create_type"] = 0,
            };
            if (message.Text is not null)
            {
                entry["text"] = new JsonObject { ["content"] = message.Text };
            }

            if (message.Attachments.Count > 0)
            {
                entry["attachments"] = message.Attachments.DeepClone();
            }

            return entry;
        });
    }

    private static GroupMessageRecord? Find(CorpState corp, ApiCall call) =>
        call.Body.Str("msgid") is { } msgId ? corp.GroupMessages.Find(m => m.MsgId == msgId) : null;

    private static JsonObject Unknown(ApiCall call) =>
        call.Body.Str("msgid") is null ? Json.Error(MissingMsgId, "msgid missing") : Json.Error(InvalidMsgId, "invalid msgid");

    /// <summary>
    /// One page of <paramref name="items"/> under <paramref name="field"/>: <c>limit</c> absent, below 1 or over
    /// <paramref name="maxLimit"/> is <paramref name="defaultLimit"/> (WeCom takes the default over the maximum); the
    /// cursor is opaque and bound to <paramref name="scope"/> (another scope's cursor → 50100).
    /// </summary>
    private static JsonObject Page<T>(ApiCall call, string scope, IReadOnlyList<T> items, int defaultLimit, int maxLimit, string field, Func<T, JsonObject> entry)
    {
        var limit = call.Body.Long("limit") is { } asked and >= 1 && asked <= maxLimit ? (int)asked : defaultLimit;
        var offset = 0;
        if (call.Body.Str("cursor") is { } cursor && (!CustomerListApis.TryReadCursor(cursor, scope, out offset) || offset > items.Count))
        {
            return Json.Error(InvalidCursor, "invalid cursor");
        }

        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        return Json.Ok(new()
        {
            [field] = new JsonArray([.. page.Select(item => (JsonNode)entry(item))]),
            ["next_cursor"] = next < items.Count ? CustomerListApis.Cursor(next, scope) : string.Empty,
        });
    }
}
