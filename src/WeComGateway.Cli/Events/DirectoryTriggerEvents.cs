namespace WeComGateway.Cli.Events;

/// <summary>
/// <c>change_contact</c> / <c>create_user</c>, <c>update_user</c>, <c>delete_user</c>: a member of the directory.
/// Updates carry only what changed, deletes only the id.
/// </summary>
/// <param name="ChangeType">WeCom's ChangeType.</param>
/// <param name="UserId">UserID (before the change, when the id itself changed).</param>
/// <param name="NewUserId">NewUserID, when the id changed.</param>
/// <param name="Name">The name (what a third-party app may see).</param>
/// <param name="Departments">Department ids, written comma-separated.</param>
/// <param name="MainDepartment">The main department id.</param>
/// <param name="Position">The job title.</param>
/// <param name="Status">1 active, 2 disabled, 4 not activated, 5 left.</param>
internal sealed record MemberChanged(
    string ChangeType,
    string UserId,
    string? NewUserId = null,
    string? Name = null,
    IReadOnlyList<string>? Departments = null,
    string? MainDepartment = null,
    string? Position = null,
    int? Status = null) : TriggerEvent;

/// <summary><c>change_contact</c> / <c>create_party</c>, <c>update_party</c>, <c>delete_party</c>: a department.</summary>
/// <param name="ChangeType">WeCom's ChangeType.</param>
/// <param name="Id">The department id.</param>
/// <param name="Name">The name (created, or renamed).</param>
/// <param name="ParentId">The parent department (created, or moved).</param>
/// <param name="Order">The sort order within the parent (created).</param>
internal sealed record DepartmentChanged(string ChangeType, string Id, string? Name = null, string? ParentId = null, int? Order = null) : TriggerEvent;

/// <summary><c>change_contact</c> / <c>update_tag</c>: members or departments were added to or removed from a member tag.</summary>
/// <param name="TagId">The member tag.</param>
/// <param name="AddUsers">AddUserItems.</param>
/// <param name="DelUsers">DelUserItems.</param>
/// <param name="AddParties">AddPartyItems.</param>
/// <param name="DelParties">DelPartyItems.</param>
internal sealed record MemberTagUpdated(
    string TagId,
    IReadOnlyList<string> AddUsers,
    IReadOnlyList<string> DelUsers,
    IReadOnlyList<string> AddParties,
    IReadOnlyList<string> DelParties) : TriggerEvent;
