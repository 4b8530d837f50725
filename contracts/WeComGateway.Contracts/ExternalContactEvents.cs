namespace WeComGateway.Contracts;

/// <summary><c>change_external_contact/add_external_contact</c>: an employee added a customer.</summary>
public sealed record ExternalContactAdded : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The channel QR code's <c>state</c> (渠道活码): the channel that brought the customer.</summary>
    public string? State { get; init; }

    /// <summary>Single-use code for send_welcome_msg, valid 20 seconds; absent when WeCom will not allow a welcome.</summary>
    public string? WelcomeCode { get; init; }
}

/// <summary>
/// <c>change_external_contact/add_half_external_contact</c>: a customer added an employee who skips verification;
/// the employee has not added the customer back yet.
/// </summary>
public sealed record ExternalContactHalfAdded : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>The channel QR code's <c>state</c> (渠道活码): the channel that brought the customer.</summary>
    public string? State { get; init; }

    /// <summary>Single-use code for send_welcome_msg, valid 20 seconds; absent when WeCom will not allow a welcome.</summary>
    public string? WelcomeCode { get; init; }
}

/// <summary>
/// <c>change_external_contact/edit_external_contact</c>: an employee edited the customer's remark, description or
/// corp tags (edits of remark mobiles alone do not fire).
/// </summary>
public sealed record ExternalContactEdited : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }
}

/// <summary><c>change_external_contact/del_external_contact</c>: the employee deleted the customer.</summary>
public sealed record ExternalContactDeletedByEmployee : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary><c>DELETE_BY_TRANSFER</c> when the deletion was automatic after a reassignment (在职继承); else null.</summary>
    public string? Source { get; init; }
}

/// <summary><c>change_external_contact/del_follow_user</c>: the customer deleted the employee.</summary>
public sealed record ExternalContactDeletedByCustomer : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }
}

/// <summary><c>change_external_contact/transfer_fail</c>: reassigning the customer to another employee failed.</summary>
public sealed record ExternalContactTransferFailed : WeComCallbackEvent
{
    /// <summary>The employee the customer was to be reassigned to.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>Why: <c>customer_refused</c> or <c>customer_limit_exceed</c>.</summary>
    public string? FailReason { get; init; }
}

/// <summary><c>change_external_contact/msg_audit_approved</c>: the customer agreed to chat archiving (会话存档).</summary>
public sealed record ChatArchiveApproved : WeComCallbackEvent
{
    /// <summary>The employee (member) user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The customer's external user id.</summary>
    public required string ExternalUserId { get; init; }

    /// <summary>Single-use code for send_welcome_msg, valid 20 seconds; absent when WeCom will not allow a welcome.</summary>
    public string? WelcomeCode { get; init; }
}
