namespace WeComGateway.Automation;

/// <summary>
/// What happened to a customer. Rule files name these in snake_case (<c>contact_added</c>, …,
/// <c>scheduled</c>); see <see cref="AutomationEventKinds.JsonName"/>.
/// </summary>
public enum AutomationEventKind
{
    /// <summary><c>contact_added</c>: the customer added an employee (add_external_contact).</summary>
    ContactAdded,

    /// <summary><c>contact_half_added</c>: the customer added an employee who has not accepted yet (add_half_external_contact).</summary>
    ContactHalfAdded,

    /// <summary><c>contact_edited</c>: an employee edited the customer (edit_external_contact).</summary>
    ContactEdited,

    /// <summary><c>contact_deleted_by_employee</c>: an employee deleted the customer (del_external_contact).</summary>
    ContactDeletedByEmployee,

    /// <summary><c>contact_deleted_by_customer</c>: the customer deleted an employee (del_follow_user).</summary>
    ContactDeletedByCustomer,

    /// <summary><c>group_member_joined</c>: the customer joined a customer group chat.</summary>
    GroupMemberJoined,

    /// <summary><c>group_member_left</c>: the customer left (or was removed from) a customer group chat.</summary>
    GroupMemberLeft,

    /// <summary><c>purchase_recorded</c>: another system recorded an order.</summary>
    PurchaseRecorded,

    /// <summary><c>membership_changed</c>: another system changed the customer's membership.</summary>
    MembershipChanged,

    /// <summary><c>scheduled</c>: a time-based re-evaluation; changes no fact.</summary>
    Scheduled,
}

/// <summary>The snake_case names rule files use for <see cref="AutomationEventKind"/>.</summary>
public static class AutomationEventKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<AutomationEventKind> All { get; } = Array.AsReadOnly(Enum.GetValues<AutomationEventKind>());

    internal const int Count = 10;

    /// <summary>A bit per kind: the kinds a rule can match.</summary>
    internal const uint AllMask = (1u << Count) - 1;

    internal const uint ContactAddedMask = (1u << (int)AutomationEventKind.ContactAdded) | (1u << (int)AutomationEventKind.ContactHalfAdded);

    public static string JsonName(this AutomationEventKind kind) => kind switch
    {
        AutomationEventKind.ContactAdded => "contact_added",
        AutomationEventKind.ContactHalfAdded => "contact_half_added",
        AutomationEventKind.ContactEdited => "contact_edited",
        AutomationEventKind.ContactDeletedByEmployee => "contact_deleted_by_employee",
        AutomationEventKind.ContactDeletedByCustomer => "contact_deleted_by_customer",
        AutomationEventKind.GroupMemberJoined => "group_member_joined",
        AutomationEventKind.GroupMemberLeft => "group_member_left",
        AutomationEventKind.PurchaseRecorded => "purchase_recorded",
        AutomationEventKind.MembershipChanged => "membership_changed",
        AutomationEventKind.Scheduled => "scheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a rule file names, e.g. <c>purchase_recorded</c>; exact and case-sensitive.</summary>
    public static bool TryParse(string? name, out AutomationEventKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.JsonName(), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    internal static uint Bit(this AutomationEventKind kind) => 1u << (int)kind;
}
