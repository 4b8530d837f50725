using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary><c>change_external_chat</c>, by ChangeType and, for <c>update</c>, UpdateDetail. Every record needs ChatId.</summary>
internal static class GroupChatMapper
{
    public static WeComCallbackEvent? Map(in EventFields f, in EventHeader h)
    {
        if (f.ChatId is not { } chat)
        {
            return null;
        }

        return (f.ChangeType, f.UpdateDetail) switch
        {
            ("create", _) => new GroupChatCreated
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat,
            },
            ("dismiss", _) => new GroupChatDismissed
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat,
            },
            ("update", "add_member") => new GroupChatMemberJoined
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat, JoinScene = FieldText.Int32(f.JoinScene), MemChangeCnt = FieldText.Int32(f.MemChangeCnt),
                MemberIds = f.MemChangeList ?? [], LastMemVer = f.LastMemVer, CurMemVer = f.CurMemVer,
            },
            ("update", "del_member") => new GroupChatMemberLeft
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat, QuitScene = FieldText.Int32(f.QuitScene), MemChangeCnt = FieldText.Int32(f.MemChangeCnt),
                MemberIds = f.MemChangeList ?? [], LastMemVer = f.LastMemVer, CurMemVer = f.CurMemVer,
            },
            ("update", "change_owner") => new GroupChatOwnerChanged
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat,
            },
            ("update", "change_name") => new GroupChatRenamed
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat,
            },
            ("update", "change_notice") => new GroupChatNoticeChanged
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                ChatId = chat,
            },
            _ => null,
        };
    }
}
