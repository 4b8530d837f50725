namespace WeComGateway.Contracts;

/// <summary>
/// The gateway holds a working authorization for an enterprise: the permanent code was obtained (install) or replaced
/// (代开发 secret reset) and stored encrypted. Published by the authorization worker; carries no secret. At least once:
/// a redelivered install publishes it again.
/// </summary>
public sealed record CorpAuthorized
{
    /// <summary>The suite (third-party or 代开发 app) the enterprise authorized.</summary>
    public required string SuiteId { get; init; }

    /// <summary>The authorizing enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The enterprise's short name as WeCom reports it, if any.</summary>
    public string? CorpName { get; init; }

    /// <summary>When the gateway obtained the current permanent code.</summary>
    public required DateTimeOffset AuthorizedAt { get; init; }

    /// <summary>Why: <see cref="CorpAuthorizedReasons.Created"/> or <see cref="CorpAuthorizedReasons.Reset"/>.</summary>
    public required string Reason { get; init; }
}

/// <summary>Values of <see cref="CorpAuthorized.Reason"/>.</summary>
public static class CorpAuthorizedReasons
{
    /// <summary><c>create_auth</c>: a new installation.</summary>
    public const string Created = "created";

    /// <summary><c>reset_permanent_code</c>: the 代开发 app's secret was reset and the new one stored.</summary>
    public const string Reset = "reset";
}

/// <summary>
/// <c>change_auth</c> was applied: the gateway re-read the enterprise's authorization (get_auth_info) and updated what
/// it stores. Subscribers that cache corp details or agent scope should refresh them.
/// </summary>
public sealed record CorpAuthorizationChanged
{
    /// <summary>The suite whose authorization changed.</summary>
    public required string SuiteId { get; init; }

    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>The enterprise's short name after the change, if WeCom reports one.</summary>
    public string? CorpName { get; init; }

    /// <summary>When the gateway applied the change.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// The gateway no longer acts for an enterprise through one suite: the enterprise uninstalled it (the grant is
/// deleted, and with the corp's last grant every key of the corp, see <see cref="CorpDataRemoved"/>), or WeCom rejects
/// the grant's permanent code (the grant is kept, marked inactive, and its calls stop). Published once per cancel:
/// a repeat after a redelivery carries the same message id.
/// </summary>
public sealed record CorpDeauthorized
{
    /// <summary>The suite that lost the authorization.</summary>
    public required string SuiteId { get; init; }

    /// <summary>The enterprise.</summary>
    public required string CorpId { get; init; }

    /// <summary>When the gateway processed it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Why: <see cref="CorpDeauthorizedReasons.Cancelled"/> or <see cref="CorpDeauthorizedReasons.PermanentCodeRejected"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>
    /// True when this was the corp's last grant and everything the gateway kept of the corp is deleted; false while
    /// the corp still holds a grant of another suite (its customers, tags and rules stay).
    /// </summary>
    public bool CorpDataRemoved { get; init; }
}

/// <summary>Values of <see cref="CorpDeauthorized.Reason"/>.</summary>
public static class CorpDeauthorizedReasons
{
    /// <summary><c>cancel_auth</c>: the enterprise uninstalled the suite; its grant is deleted (and the corp's data with its last grant).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>WeCom answered 40084 or 48004 for the stored code: the corp is marked inactive until it re-authorizes.</summary>
    public const string PermanentCodeRejected = "permanent_code_rejected";
}
