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
