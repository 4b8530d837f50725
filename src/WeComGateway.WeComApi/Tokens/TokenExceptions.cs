using WeComGateway.Contracts;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.WeComApi.Tokens;

/// <summary>
/// No token could be had for <see cref="Key"/>. A <see cref="WeComApiException"/>, so retry filters read one
/// <see cref="WeComApiException.Kind"/>; <see cref="WeComApiException.ErrCode"/> is what WeCom answers (or would
/// answer) in that situation. Messages name suites and corps, never a token, secret, ticket or permanent code.
/// </summary>
public abstract class TokenUnavailableException(TokenKey key, int errCode, string api, WeComErrorKind kind, string message)
    : WeComApiException(errCode, null, api, key.CorpId, kind)
{
    public TokenKey Key { get; } = key;

    public override string Message { get; } = message;
}

/// <summary>
/// The suite has no suite_ticket WeCom would accept (none stored, older than 30 minutes, or rejected with 40085).
/// Ops: wait for the next push (every ~10 minutes) or use "refresh ticket" in the provider console.
/// </summary>
public sealed class SuiteTicketUnavailableException : TokenUnavailableException, IPermanentFailure
{
    public SuiteTicketUnavailableException(string suiteId, TimeSpan? age, TimeSpan maxAge, string? corpId = null)
        : base(
            new TokenKey(TokenKind.Suite, suiteId, corpId),
            40085,
            "get_suite_token",
            WeComErrorKind.Configuration,
            Describe(suiteId, age, maxAge))
    {
        SuiteId = suiteId;
        Age = age;
    }

    public string SuiteId { get; }

    /// <summary>Age of the newest stored ticket; null when none is stored.</summary>
    public TimeSpan? Age { get; }

    private static string Describe(string suiteId, TimeSpan? age, TimeSpan maxAge)
    {
        var what = age is { } a
            ? $"its newest suite_ticket is {Minutes(a)} min old (WeCom accepts {Minutes(maxAge)} min)"
            : "no suite_ticket has been received for it";
        return $"No suite token for suite {suiteId}: {what}; WeCom would answer 40085. "
            + "Check that WeCom pushes suite_ticket to this suite's command URL (every ~10 min), or refresh the ticket in the provider console.";
    }

    private static string Minutes(TimeSpan t) => ((int)t.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The gateway holds no authorization of the suite by this corp (never installed, or cancelled).</summary>
public sealed class CorpNotAuthorizedException(string suiteId, string corpId)
    : TokenUnavailableException(
        TokenKey.Corp(suiteId, corpId),
        48004,
        "get_corp_token",
        WeComErrorKind.Permanent,
        $"Corp {corpId} has not authorized suite {suiteId}: no permanent code is stored for it"),
      IPermanentFailure
{
}

/// <summary>
/// The corp's permanent code is no longer accepted (40084, 48004): the authorization is kept but marked inactive and
/// no call for the corp reaches WeCom until it re-authorizes.
/// </summary>
public sealed class CorpInactiveException(string suiteId, string corpId, string? reason, int errCode = 48004)
    : TokenUnavailableException(
        TokenKey.Corp(suiteId, corpId),
        errCode,
        "get_corp_token",
        WeComErrorKind.AuthorizationRevoked,
        $"Corp {corpId} (suite {suiteId}) is inactive: {reason ?? "authorization revoked"}; calls for it stop until it re-authorizes"),
      IPermanentFailure
{
    public string? Reason { get; } = reason;
}

/// <summary>The secrets for this token are not configured (<c>WeCom:ProviderSecret</c>, <c>WeCom:Suites:{i}:SuiteSecret</c>).</summary>
public sealed class TokenConfigurationException(TokenKey key, string api, string missing)
    : TokenUnavailableException(key, 40001, api, WeComErrorKind.Configuration, $"Cannot fetch the {key}: {missing} is not configured"),
      IPermanentFailure
{
}

/// <summary>Another replica held the fetch lock and no fresh token appeared within the wait budget. Worth retrying.</summary>
public sealed class TokenRefreshTimeoutException(TokenKey key, TimeSpan waited)
    : TokenUnavailableException(
        key,
        -1,
        "token refresh",
        WeComErrorKind.Transient,
        $"Waited {(int)waited.TotalMilliseconds} ms for another replica to fetch the {key}; the lock holder may have died, its lock lapses by itself")
{
}
