using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary>Suite lifecycle and permission callbacks: one InfoType (or Event) per record, no ChangeType.</summary>
internal static class SuiteMapper
{
    public static WeComCallbackEvent? Map(string root, in EventFields f, in EventHeader h) => root switch
    {
        "suite_ticket" => new SuiteTicketReceived
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
        },
        "create_auth" when f.AuthCode is { } authCode => new AuthorizationCreated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AuthCode = authCode, State = f.State,
        },
        "change_auth" => new AuthorizationChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            State = f.State,
        },
        "cancel_auth" => new AuthorizationCancelled
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
        },
        "reset_permanent_code" when f.AuthCode is { } authCode => new PermanentCodeReset
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AuthCode = authCode,
        },
        "corp_arch_auth" => new CorpArchitectureAuthorized
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
        },
        "approve_special_auth" => new SpecialAuthorizationApproved
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AuthType = f.AuthType,
        },
        "cancel_special_auth" => new SpecialAuthorizationCancelled
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AuthType = f.AuthType,
        },
        "agree_external_userid_migration" => new ExternalUserIdMigrationAgreed
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
        },
        "change_app_admin" => new AppAdminChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AgentId = FieldText.Int64(f.AgentId),
        },
        "share_agent_change" => new SharedAgentChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AppId = f.AppId, AgentId = FieldText.Int64(f.AgentId),
        },
        "share_chain_change" => new SharedChainChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            AppId = f.AppId, AgentId = FieldText.Int64(f.AgentId),
        },
        _ => null,
    };
}
