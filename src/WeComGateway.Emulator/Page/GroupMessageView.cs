using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Page;

/// <summary>
/// What <c>/emulator/groupmsg</c> answers: every mass message (add_msg_template), newest first, with each member's
/// part (sent or not) and each customer's status as get_groupmsg_send_result answers it.
/// </summary>
internal sealed record GroupMessageView(
    string Corpid, string Msgid, DateTimeOffset CreatedAt, string Creator, string? Text, JsonArray Attachments,
    bool Cancelled, int Reminders, IReadOnlyList<GroupMessageMemberView> Members)
{
    internal static IReadOnlyList<GroupMessageView> Of(EmulatorState state) =>
        [.. state.Corps.Values
            .SelectMany(c => c.GroupMessages.Select(m => new GroupMessageView(
                c.CorpId, m.MsgId, m.CreatedAt, m.Creator, m.Text, m.Attachments, m.CancelledAt is not null, m.Reminders.Count,
                [.. m.Members.Select(p => new GroupMessageMemberView(
                    p.UserId, p.SentAt is null ? 0 : 2, p.SentAt, [.. p.Recipients.Select(r => new GroupMessageRecipientView(r.ExternalUserId, r.Status, r.SentAt))]))])))
            .OrderByDescending(m => m.CreatedAt)];
}

/// <summary>One member's part: <see cref="Status"/> 0 not sent, 2 sent (get_groupmsg_task's).</summary>
internal sealed record GroupMessageMemberView(string Userid, int Status, DateTimeOffset? SendTime, IReadOnlyList<GroupMessageRecipientView> Customers);

/// <summary>One customer: <see cref="Status"/> 0 not sent, 1 sent, 2 not a friend, 3 over the monthly limit.</summary>
internal sealed record GroupMessageRecipientView(string ExternalUserid, int Status, DateTimeOffset? SendTime);
