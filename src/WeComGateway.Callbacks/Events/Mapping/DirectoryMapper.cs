using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary><c>change_contact</c>, by ChangeType: members need UserID, departments Id, tags TagId.</summary>
internal static class DirectoryMapper
{
    public static WeComCallbackEvent? Map(in EventFields f, in EventHeader h) => f.ChangeType switch
    {
        "create_user" when f.UserId is { } user => new DirectoryMemberCreated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            UserId = user, OpenUserId = f.OpenUserId, Name = f.Name, DepartmentIds = FieldText.List(f.Department),
            MainDepartmentId = f.MainDepartment, Position = f.Position, Status = FieldText.Int32(f.Status),
        },
        "update_user" when f.UserId is { } user => new DirectoryMemberUpdated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            UserId = user, NewUserId = f.NewUserId, OpenUserId = f.OpenUserId, Name = f.Name,
            DepartmentIds = FieldText.List(f.Department), MainDepartmentId = f.MainDepartment, Position = f.Position,
            Status = FieldText.Int32(f.Status),
        },
        "delete_user" when f.UserId is { } user => new DirectoryMemberDeleted
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            UserId = user, OpenUserId = f.OpenUserId,
        },
        "create_party" when f.Id is { } id => new DirectoryDepartmentCreated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, Name = f.Name, ParentId = f.ParentId, Order = f.Order,
        },
        "update_party" when f.Id is { } id => new DirectoryDepartmentUpdated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id, Name = f.Name, ParentId = f.ParentId,
        },
        "delete_party" when f.Id is { } id => new DirectoryDepartmentDeleted
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Id = id,
        },
        "update_tag" when f.TagId is { } tag => new DirectoryTagUpdated
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            TagId = tag, AddUserItems = FieldText.List(f.AddUserItems), DelUserItems = FieldText.List(f.DelUserItems),
            AddPartyItems = FieldText.List(f.AddPartyItems), DelPartyItems = FieldText.List(f.DelPartyItems),
        },
        _ => null,
    };
}
