namespace WeComGateway.Contracts;

/// <summary>
/// <c>register_corp</c>: an enterprise was registered through the provider's registration link. WeCom's
/// <c>ContactSync</c> access token is deliberately not carried.
/// </summary>
public sealed record CorpRegistered : WeComCallbackEvent
{
    /// <summary>The registration code that was used (<c>RegisterCode</c>).</summary>
    public string? RegisterCode { get; init; }

    /// <summary>The registration template (<c>TemplateId</c>).</summary>
    public string? TemplateId { get; init; }

    /// <summary>The <c>state</c> the registration link carried, if any.</summary>
    public string? State { get; init; }

    /// <summary>The administrator who registered (<c>AuthUserInfo/UserId</c>).</summary>
    public string? AuthUserId { get; init; }
}

/// <summary>
/// <c>enter_register_package</c>: an existing enterprise entered the provider's registration package. WeCom's
/// <c>ContactSync</c> access token is deliberately not carried.
/// </summary>
public sealed record RegisterPackageEntered : WeComCallbackEvent
{
    /// <summary>The registration code that was used (<c>RegisterCode</c>).</summary>
    public string? RegisterCode { get; init; }

    /// <summary>The registration template (<c>TemplateId</c>).</summary>
    public string? TemplateId { get; init; }

    /// <summary>The <c>state</c> the registration link carried, if any.</summary>
    public string? State { get; init; }

    /// <summary>The administrator who entered (<c>AuthUserInfo/UserId</c>).</summary>
    public string? AuthUserId { get; init; }
}
