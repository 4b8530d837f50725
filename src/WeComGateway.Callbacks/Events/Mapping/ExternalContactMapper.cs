using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary><c>change_external_contact</c>, by ChangeType. Every record needs both UserID and ExternalUserID.</summary>
internal static class ExternalContactMapper
{
    public static WeComCallbackEvent? Map(in EventFields f, in EventHeader h)
    {
        if (f.UserId is not { } user || f.ExternalUserId is not { } customer)
        {
            return null;
        }

        return f.ChangeType switch
        {
            "add_external_contact" => new ExternalContactAdded
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer, State = f.State, WelcomeCode = f.WelcomeCode,
            },
            "add_half_external_contact" => new ExternalContactHalfAdded
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer, State = f.State, WelcomeCode = f.WelcomeCode,
            },
            "edit_external_contact" => new ExternalContactEdited
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer,
            },
            "del_external_contact" => new ExternalContactDeletedByEmployee
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer, Source = f.Source,
            },
            "del_follow_user" => new ExternalContactDeletedByCustomer
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer,
            },
            "transfer_fail" => new ExternalContactTransferFailed
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer, FailReason = f.FailReason,
            },
            "msg_audit_approved" => new ChatArchiveApproved
            {
                SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
                UserId = user, ExternalUserId = customer, WelcomeCode = f.WelcomeCode,
            },
            _ => null,
        };
    }
}
