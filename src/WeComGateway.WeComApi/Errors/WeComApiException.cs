using System.Net;
using WeComGateway.Contracts;

namespace WeComGateway.WeComApi.Errors;

/// <summary>How a caller (and a retry filter) should treat a WeCom failure.</summary>
public enum WeComErrorKind
{
    /// <summary>Worth retrying with backoff: -1 busy, HTTP 5xx, timeouts.</summary>
    Transient,

    /// <summary>40014, 42001, 42009, 40082: refresh the token and retry once.</summary>
    TokenInvalid,

    /// <summary>45009, 45033: back off for that corp.</summary>
    RateLimited,

    /// <summary>Retrying cannot help (bad ids, no permission, welcome code expired, …).</summary>
    Permanent,

    /// <summary>40084, 48004: the corp's authorization is gone; stop calling for it.</summary>
    AuthorizationRevoked,

    /// <summary>
    /// 40001, 40013, 40083, 40085, 48002, 48003, 60020, 301002, 41001: our configuration (or code) is wrong, or the suite
    /// ticket is missing or expired (40085, said so in the message); alert.
    /// </summary>
    Configuration,
}

/// <summary>
/// WeCom answered with <c>errcode != 0</c> (or with HTTP 5xx, see <see cref="HttpStatus"/>). Carries the code, WeCom's
/// message, the API and the corp — never a token, secret, permanent code, request URI or body. Made by
/// <see cref="Create"/> (and the factories over it), which returns a <see cref="PermanentWeComApiException"/> when
/// <see cref="IsPermanent(WeComErrorKind)"/>, so the failure is marked <see cref="IPermanentFailure"/>.
/// </summary>
public class WeComApiException : Exception
{
    /// <summary>For the typed token failures; a subclass whose kind is permanent implements <see cref="IPermanentFailure"/>.</summary>
    protected WeComApiException(
        int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind, HttpStatusCode? httpStatus = null, Exception? innerException = null)
        : base(FormatMessage(errCode, errMsg, api, corpId, kind, httpStatus), innerException)
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Api = api;
        CorpId = corpId;
        Kind = kind;
        HttpStatus = httpStatus;
    }

    /// <summary>
    /// WeCom's errcode; <see cref="WeComErrorCodes.HttpFailure"/> when there was none: HTTP 5xx, timeout, connection
    /// failure, open circuit or local rate limit.
    /// </summary>
    public int ErrCode { get; }

    public string? ErrMsg { get; }

    /// <summary>The API path below <c>/cgi-bin/</c>, e.g. <c>externalcontact/mark_tag</c>.</summary>
    public string Api { get; }

    public string? CorpId { get; }

    public WeComErrorKind Kind { get; }

    /// <summary>Set when WeCom (or a proxy in front of it) answered with an HTTP error status instead of an errcode.</summary>
    public HttpStatusCode? HttpStatus { get; }

    /// <summary>Whether a later attempt can succeed without anyone changing configuration or data.</summary>
    public bool IsRetryable => Kind is WeComErrorKind.Transient or WeComErrorKind.RateLimited;

    /// <summary>Kinds a retry cannot fix: <see cref="WeComErrorKind.Permanent"/>, <see cref="WeComErrorKind.Configuration"/>, <see cref="WeComErrorKind.AuthorizationRevoked"/>.</summary>
    public static bool IsPermanent(WeComErrorKind kind) =>
        kind is WeComErrorKind.Permanent or WeComErrorKind.Configuration or WeComErrorKind.AuthorizationRevoked;

    /// <summary>The one factory: a <see cref="PermanentWeComApiException"/> for the kinds a retry cannot fix, else a <see cref="WeComApiException"/>.</summary>
    public static WeComApiException Create(int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind) =>
        Create(errCode, errMsg, api, corpId, kind, httpStatus: null, innerException: null);

    /// <summary>WeCom's answer <paramref name="errCode"/>, classified by <see cref="WeComErrorCodes.Classify"/>.</summary>
    public static WeComApiException FromErrCode(int errCode, string? errMsg, string api, string? corpId) =>
        Create(errCode, errMsg, api, corpId, WeComErrorCodes.Classify(errCode));

    /// <summary>An HTTP-level failure (5xx): transient, with <see cref="ErrCode"/> = <see cref="WeComErrorCodes.HttpFailure"/>.</summary>
    public static WeComApiException FromHttpStatus(HttpStatusCode status, string api, string? corpId) =>
        Create(WeComErrorCodes.HttpFailure, $"HTTP {(int)status}", api, corpId, WeComErrorKind.Transient, status, innerException: null);

    /// <summary>
    /// No answer from WeCom after the retries (timeout, connection failure, open circuit, local rate limit).
    /// <paramref name="innerException"/> must not carry the request URI (Polly's and HttpClient's do not).
    /// </summary>
    public static WeComApiException FromTransportFailure(string reason, string api, string? corpId, WeComErrorKind kind, Exception innerException) =>
        Create(WeComErrorCodes.HttpFailure, reason, api, corpId, kind, httpStatus: null, innerException);

    private static WeComApiException Create(
        int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind, HttpStatusCode? httpStatus, Exception? innerException) =>
        IsPermanent(kind)
            ? new PermanentWeComApiException(errCode, errMsg, api, corpId, kind, httpStatus, innerException)
            : new WeComApiException(errCode, errMsg, api, corpId, kind, httpStatus, innerException);

    private static string FormatMessage(int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind, HttpStatusCode? httpStatus)
    {
        var advice = WeComErrorCodes.Advice(errCode, kind);
        var status = httpStatus is { } s ? $" HTTP {(int)s}" : string.Empty;
        return $"WeCom {api} failed for corp {corpId ?? "-"}: errcode {errCode} ({kind}){status} {errMsg}"
            + (advice is null ? string.Empty : $" — {advice}");
    }
}

/// <summary>A <see cref="WeComApiException"/> that retrying cannot fix (made only by <see cref="WeComApiException.Create"/>).</summary>
public sealed class PermanentWeComApiException : WeComApiException, IPermanentFailure
{
    internal PermanentWeComApiException(
        int errCode, string? errMsg, string api, string? corpId, WeComErrorKind kind, HttpStatusCode? httpStatus, Exception? innerException)
        : base(errCode, errMsg, api, corpId, kind, httpStatus, innerException)
    {
    }
}
