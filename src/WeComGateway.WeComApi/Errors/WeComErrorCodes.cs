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

    /// <summary>"无效的企业群发消息id": the msgid of a mass message is unknown to the corp. Permanent.</summary>
    public const int InvalidGroupMessageId = 41047;

    /// <summary>
    /// "无可发送的客户": add_msg_template found none of the customers sendable (none followed by the sender, or none
    /// left after WeCom's filters). Permanent: the same audience answers the same.
    /// </summary>
    public const int NoCustomerToSend = 41048;

    /// <summary>
    /// "群发消息正在被派发中，请稍后再试": a mass message read right after add_msg_template while WeCom still distributes
    /// it to the members. Transient: the same read succeeds a little later.
    /// </summary>
    public const int GroupMessageBeingDistributed = 41063;

    /// <summary>"群发任务已取消": the mass message was cancelled (cancel_groupmsg_send), so it cannot be reminded. Permanent.</summary>
    public const int GroupMessageCancelled = 41093;

    /// <summary>
    /// "群发提醒超过频率限制": remind_groupmsg_send more than three times for one task within 24 h. Permanent, not
    /// <see cref="WeComErrorKind.RateLimited"/>: the window is a day, so backing off for seconds cannot help.
    /// </summary>
    public const int GroupMessageRemindLimit = 41094;

    /// <summary>
    /// Classifies an errcode. 41001 (access_token missing) is <see cref="WeComErrorKind.Configuration"/>, not
    /// <see cref="WeComErrorKind.TokenInvalid"/>: the token handler always adds the token, so a missing one is a bug
    /// (a request without a <c>TokenKey</c>, or the wrong query name) that a fresh token cannot fix, and invalidating
    /// would throw away a good cached token. 40085 (suite ticket missing or expired) is
    /// <see cref="WeComErrorKind.Configuration"/> too, and its message says so (<see cref="Advice"/>).
    /// </summary>
    public static WeComErrorKind Classify(int errCode) => errCode switch
    {
        SystemBusy or HttpFailure or GroupMessageBeingDistributed => WeComErrorKind.Transient,
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
