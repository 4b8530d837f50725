namespace WeComGateway.Contracts;

/// <summary><c>change_contact/create_user</c>: a member was added to the enterprise's directory.</summary>
public sealed record DirectoryMemberCreated : WeComCallbackEvent
{
    /// <summary>The member's user id (<c>UserID</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>The member's provider-scoped open user id (<c>OpenUserID</c>), when sent.</summary>
    public string? OpenUserId { get; init; }

    /// <summary>The member's name, when the app may see it.</summary>
    public string? Name { get; init; }

    /// <summary>The department ids (<c>Department</c>, comma-separated in the XML).</summary>
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    /// <summary>The main department id (<c>MainDepartment</c>).</summary>
    public string? MainDepartmentId { get; init; }

    /// <summary>The job title (<c>Position</c>), when the app may see it.</summary>
    public string? Position { get; init; }

    /// <summary>Activation status: 1 active, 2 disabled, 4 not activated, 5 left (open value); null when absent.</summary>
    public int? Status { get; init; }
}

/// <summary><c>change_contact/update_user</c>: a member's directory entry changed; only changed fields are sent.</summary>
public sealed record DirectoryMemberUpdated : WeComCallbackEvent
{
    /// <summary>The member's user id before the change (<c>UserID</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>The member's new user id (<c>NewUserID</c>) when the id itself changed.</summary>
    public string? NewUserId { get; init; }

    /// <summary>The member's provider-scoped open user id (<c>OpenUserID</c>), when sent.</summary>
    public string? OpenUserId { get; init; }

    /// <summary>The new name, when it changed and the app may see it.</summary>
    public string? Name { get; init; }

    /// <summary>The new department ids (<c>Department</c>), when they changed; otherwise empty.</summary>
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];

    /// <summary>The new main department id (<c>MainDepartment</c>), when it changed.</summary>
    public string? MainDepartmentId { get; init; }

    /// <summary>The new job title (<c>Position</c>), when it changed and the app may see it.</summary>
    public string? Position { get; init; }

    /// <summary>The new activation status (1 active, 2 disabled, 4 not activated, 5 left), when it changed.</summary>
    public int? Status { get; init; }
}

/// <summary><c>change_contact/delete_user</c>: a member was removed from the directory.</summary>
public sealed record DirectoryMemberDeleted : WeComCallbackEvent
{
    /// <summary>The member's user id (<c>UserID</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>The member's provider-scoped open user id (<c>OpenUserID</c>), when sent.</summary>
    public string? OpenUserId { get; init; }
}

/// <summary><c>change_contact/create_party</c>: a department was created.</summary>
public sealed record DirectoryDepartmentCreated : WeComCallbackEvent
{
    /// <summary>The department id (<c>Id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The department name, when the app may see it.</summary>
    public string? Name { get; init; }

    /// <summary>The parent department id (<c>ParentId</c>).</summary>
    public string? ParentId { get; init; }

    /// <summary>The sort order within the parent (<c>Order</c>).</summary>
    public string? Order { get; init; }
}

/// <summary><c>change_contact/update_party</c>: a department was renamed or moved; only changed fields are sent.</summary>
public sealed record DirectoryDepartmentUpdated : WeComCallbackEvent
{
    /// <summary>The department id (<c>Id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The new name, when it changed and the app may see it.</summary>
    public string? Name { get; init; }

    /// <summary>The new parent department id (<c>ParentId</c>), when it moved.</summary>
    public string? ParentId { get; init; }
}

/// <summary><c>change_contact/delete_party</c>: a department was deleted.</summary>
public sealed record DirectoryDepartmentDeleted : WeComCallbackEvent
{
    /// <summary>The department id (<c>Id</c>).</summary>
    public required string Id { get; init; }
}

/// <summary><c>change_contact/update_tag</c>: members or departments were added to or removed from a member tag.</summary>
public sealed record DirectoryTagUpdated : WeComCallbackEvent
{
    /// <summary>The member tag id (<c>TagId</c>).</summary>
    public required string TagId { get; init; }

    /// <summary>User ids added to the tag (<c>AddUserItems</c>, comma-separated in the XML).</summary>
    public IReadOnlyList<string> AddUserItems { get; init; } = [];

    /// <summary>User ids removed from the tag (<c>DelUserItems</c>).</summary>
    public IReadOnlyList<string> DelUserItems { get; init; } = [];

    /// <summary>Department ids added to the tag (<c>AddPartyItems</c>).</summary>
    public IReadOnlyList<string> AddPartyItems { get; init; } = [];

    /// <summary>Department ids removed from the tag (<c>DelPartyItems</c>).</summary>
    public IReadOnlyList<string> DelPartyItems { get; init; } = [];
}
