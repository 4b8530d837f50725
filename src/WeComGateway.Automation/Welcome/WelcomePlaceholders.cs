namespace WeComGateway.Automation;

/// <summary>The placeholder names a welcome template may use; the keys of the values given to <see cref="WelcomeRenderer.Render"/>.</summary>
public static class WelcomePlaceholders
{
    /// <summary>The customer's WeChat name.</summary>
    public const string CustomerName = "customer_name";

    /// <summary>The name of the employee the customer added.</summary>
    public const string EmployeeName = "employee_name";

    /// <summary>The channel <c>state</c> the customer came with.</summary>
    public const string Channel = "channel";

    internal static readonly string[] All = [CustomerName, EmployeeName, Channel];
}

/// <summary>The placeholders a tag name in <c>addTags</c> / <c>removeTags</c> may use.</summary>
internal static class TagPlaceholders
{
    /// <summary>The event's channel <c>state</c>.</summary>
    public const string State = "state";

    /// <summary>The event's employee (userid).</summary>
    public const string Employee = "employee";

    /// <summary>The customer's first channel (facts).</summary>
    public const string Channel = "channel";

    public static readonly string[] All = [State, Employee, Channel];
}
