using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary>Registration-package and paid-app order callbacks. Never null for these roots: they must not fall back to
/// <see cref="UnrecognizedCallbackReceived"/>, whose raw XML would carry the ContactSync access token.</summary>
internal static class CommerceMapper
{
    public static WeComCallbackEvent? Map(string root, in EventFields f, in EventHeader h) => root switch
    {
        "register_corp" => new CorpRegistered
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            RegisterCode = f.RegisterCode, TemplateId = f.TemplateId, State = f.State, AuthUserId = f.AuthUserId,
        },
        "enter_register_package" => new RegisterPackageEntered
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            RegisterCode = f.RegisterCode, TemplateId = f.TemplateId, State = f.State, AuthUserId = f.AuthUserId,
        },
        "open_order" => new AppOrderOpened
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            OrderId = f.OrderId, OperatorId = f.OperatorId,
        },
        "change_order" => new AppOrderChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            OldOrderId = f.OldOrderId, NewOrderId = f.NewOrderId, OperatorId = f.OperatorId,
        },
        "pay_for_app_success" => new AppOrderPaid
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            OrderId = f.OrderId,
        },
        "refund" => new AppOrderRefunded
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            OrderId = f.OrderId,
        },
        "change_editon" => new AppEditionChanged
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
        },
        _ => null,
    };
}
