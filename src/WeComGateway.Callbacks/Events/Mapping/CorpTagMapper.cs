using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary><c>change_external_tag</c>, by ChangeType. Create, update and delete need Id; a shuffle may omit it.</summary>
internal static class CorpTagMapper
{
    public static WeComCallbackEvent? Map(in EventFields f, in EventHeader h) => (f.ChangeType, f.Id) switch
    {
        ("create", { } id) => new CorpTagCreated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, TagType = f.TagType, StrategyId = f.StrategyId,
        },
        ("update", { } id) => new CorpTagUpdated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, TagType = f.TagType, StrategyId = f.StrategyId,
        },
        ("delete", { } id) => new CorpTagDeleted
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, TagType = f.TagType, StrategyId = f.StrategyId,
        },
        ("shuffle", var id) => new CorpTagsReordered
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, TagType = f.TagType, StrategyId = f.StrategyId,
        },
        _ => null,
    };
}
