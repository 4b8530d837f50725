namespace WeComGateway.Contracts;

/// <summary>
/// <c>suite_ticket</c>: WeCom pushed a fresh suite ticket (every ~10 minutes). The ticket itself is a credential and
/// is not on the bus; the receiver stored it at <c>wecomgw:suite:{SuiteId}:ticket</c> before publishing this.
/// </summary>
public sealed record SuiteTicketReceived : WeComCallbackEvent;

/// <summary><c>create_auth</c>: an enterprise installed the suite from the marketplace.</summary>
public sealed record AuthorizationCreated : WeComCallbackEvent
{
    /// <summary>Single-use temporary code (valid 10 minutes) to exchange for the permanent code. Never log it.</summary>
    public required string AuthCode { get; init; }

    /// <summary>The <c>state</c> the install link carried, if any.</summary>
    public string? State { get; init; }
}

/// <summary><c>change_auth</c>: an admin changed the authorization or the visible range of an installed suite.</summary>
public sealed record AuthorizationChanged : WeComCallbackEvent
{
    /// <summary>The <c>State</c> WeCom sent with the change, if any.</summary>
    public string? State { get; init; }
}

/// <summary><c>cancel_auth</c>: the enterprise uninstalled the suite; its data should be deleted.</summary>
public sealed record AuthorizationCancelled : WeComCallbackEvent;

/// <summary><c>reset_permanent_code</c> (代开发 templates): the secret was reset; exchange the code for the new one.</summary>
public sealed record PermanentCodeReset : WeComCallbackEvent
{
    /// <summary>Single-use temporary code (valid 10 minutes). Never log it.</summary>
    public required string AuthCode { get; init; }
}
