namespace WeComGateway.WeComApi.Errors;

/// <summary>How a caller (and a retry filter) should treat a WeCom failure.</summary>
public enum WeComErrorKind
{
    /// <summary>Worth retrying with backoff: -1 busy, HTTP 5xx, timeouts.</summary>
    Transient,

    /// <summary>40014, 42001, 42009, 40082 and kin: refresh the token and retry once.</summary>
    TokenInvalid,

    /// <summary>45009, 45033: back off for that corp.</summary>
    RateLimited,

    /// <summary>Retrying cannot help (bad ids, no permission, welcome code expired, …).</summary>
    Permanent,

    /// <summary>40084, 48004: the corp's authorization is gone; stop calling for it.</summary>
    AuthorizationRevoked,

    /// <summary>40001, 40013, 40083, 48003, 60020: our configuration is wrong; alert.</summary>
    Configuration,
}

/// <summary>
/// WeCom answered with <c>errcode != 0</c>. Carries the code, WeCom's message, the API and the corp — never a token,
/// secret or permanent code.
/// </summary>
public class WeComApiException : Exception
{
    public WeComApiException(int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind)
        : base($"WeCom {api} failed for corp {corpId ?? "-"}: errcode {errCode} ({kind}) {errMsg}")
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Api = api;
        CorpId = corpId;
        Kind = kind;
    }

    public int ErrCode { get; }

    public string? ErrMsg { get; }

    public string Api { get; }

    public string? CorpId { get; }

    public WeComErrorKind Kind { get; }
}
