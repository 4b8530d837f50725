namespace WeComGateway.WeComApi.Errors;

/// <summary>
/// WeCom's global error codes the gateway treats specially, and how each is classified. Codes not listed are
/// <see cref="WeComErrorKind.Permanent"/>: an unknown code is never retried.
/// </summary>
public static class WeComErrorCodes
{
    /// <summary>Not a WeCom code: the gateway's marker for an HTTP 5xx answer without an errcode.</summary>
    public const int HttpFailure = -1000;

    public const int SystemBusy = -1;
    public const int InvalidSecret = 40001;
    public const int InvalidCorpId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidSuiteOrProviderToken = 40082;
    public const int InvalidSuiteId = 40083;
    public const int InvalidPermanentCode = 40084;
    public const int InvalidSuiteTicket = 40085;
    public const int AccessTokenMissing = 41001;
    public const int AccessTokenExpired = 42001;
    public const int SuiteTokenExpired = 42009;
    public const int FrequencyLimit = 45009;
    public const int ConcurrencyLimit = 45033;
    public const int ApiNotPermitted = 48002;
    public const int SuiteIdMismatch = 48003;
    public const int AuthorizationInvalid = 48004;
    public const int IpNotWhitelisted = 60020;
    public const int NoAgentPermission = 301002;

    /// <summary>
    /// "not external contact": the external user is nobody's contact in the corp (any more: every employee deleted
    /// them, or the customer deleted every employee). Permanent, and for a read of the customer an answer, not a fault.
    /// </summary>
    public const int NotExternalContact = 84061;

    /// <summary>
    /// Classifies an errcode. 41001 (access_token missing) is <see cref="WeComErrorKind.Configuration"/>, not
    /// <see cref="WeComErrorKind.TokenInvalid"/>: the token handler always adds the token, so a missing one is a bug
    /// (a request without a <c>TokenKey</c>, or the wrong query name) that a fresh token cannot fix, and invalidating
    /// would throw away a good cached token. 40085 (suite ticket missing or expired) is
    /// <see cref="WeComErrorKind.Configuration"/> too, and its message says so (<see cref="Advice"/>).
    /// </summary>
    public static WeComErrorKind Classify(int errCode) => errCode switch
    {
        SystemBusy or HttpFailure => WeComErrorKind.Transient,
        InvalidAccessToken or AccessTokenExpired or SuiteTokenExpired or InvalidSuiteOrProviderToken => WeComErrorKind.TokenInvalid,
        FrequencyLimit or ConcurrencyLimit => WeComErrorKind.RateLimited,
        InvalidPermanentCode or AuthorizationInvalid => WeComErrorKind.AuthorizationRevoked,
        InvalidSecret or InvalidCorpId or InvalidSuiteId or SuiteIdMismatch or ApiNotPermitted or IpNotWhitelisted
            or NoAgentPermission or AccessTokenMissing or InvalidSuiteTicket => WeComErrorKind.Configuration,
        _ => WeComErrorKind.Permanent,
    };

    /// <summary>What an operator should do, for the codes where the errmsg alone is a mystery.</summary>
    internal static string? Advice(int errCode, WeComErrorKind kind) => errCode switch
    {
        InvalidSuiteTicket => "suite ticket missing or expired: wait for WeCom's next suite_ticket push (every 10 min) or refresh it in the console",
        IpNotWhitelisted => "this server's IP is not in the provider IP whitelist",
        InvalidSecret => "secret wrong or reset: fix configuration (repeated bad-secret calls can ban the IP for 1 h)",
        AccessTokenMissing => "no access token in the URL: the call was made without a token key",
        _ when kind == WeComErrorKind.AuthorizationRevoked => "the corp's authorization is gone: stop calling for it until it re-authorizes",
        _ => null,
    };
}
