namespace WeComGateway.Admin;

/// <summary>The admin API (section <c>Admin</c>). No key configured → every admin request is refused.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header (<c>Admin:ApiKeys:{i}</c>); at least 32 characters each.</summary>
    public List<string> ApiKeys { get; set; } = [];
}
