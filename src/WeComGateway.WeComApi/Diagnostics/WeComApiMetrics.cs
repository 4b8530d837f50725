using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Diagnostics;

/// <summary>
/// Instruments of the WeCom API clients and tokens (meter and activity source <c>WeComGateway.WeComApi</c>). Tags:
/// the API path below <c>/cgi-bin/</c> (a fixed set), WeCom's errcode, an outcome from a closed set, the token kind,
/// and the suite whose grant made the call (<c>suite</c>: a configured suite id, <c>provider</c> or <c>none</c>; a
/// bounded set). Never a corp id (that goes on the span), never a token.
/// </summary>
public sealed class WeComApiMetrics
{
    public const string MeterName = "WeComGateway.WeComApi";

    /// <summary>Span tag names; the corp, suite and dedupe tags are the gateway-wide ones (<c>GatewayTelemetry</c>).</summary>
    internal const string CorpIdTag = "wecomgw.corp_id";
    internal const string SuiteIdTag = "wecomgw.suite_id";

    public static readonly ActivitySource ActivitySource = new(MeterName);

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 10];

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _tokenFetches;
    private readonly Counter<long> _tokenInvalidations;
    private readonly Counter<long> _tokensWithoutStore;

    public WeComApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>(
            "wecomgw.wecom_api.calls", description: "Calls to the WeCom open API after retries, by API, final errcode and outcome.");
        _duration = meter.CreateHistogram(
            "wecomgw.wecom_api.duration",
            unit: "s",
            description: "Duration of one call to the WeCom open API, retries included, by API and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _retries = meter.CreateCounter<long>(
            "wecomgw.wecom_api.retries", description: "Attempts the HTTP pipeline repeated, by API and what the failed attempt got.");
        _tokenFetches = meter.CreateCounter<long>(
            "wecomgw.tokens.fetches", description: "Token fetches from WeCom (provider, suite, corp), by kind and outcome.");
        _tokenInvalidations = meter.CreateCounter<long>(
            "wecomgw.tokens.invalidated", description: "Cached tokens WeCom rejected (invalid or expired) and that were dropped, by kind.");
        _tokensWithoutStore = meter.CreateCounter<long>(
            "wecomgw.tokens.without_store", description: "Tokens handed out while the token store (Redis) was unreachable, by kind and source (local_copy: this process's copy, fetched: from WeCom without the store's lock).");
    }

    /// <param name="errCode">0 on success; WeCom's errcode; <see cref="WeComErrorCodes.HttpFailure"/> when WeCom gave none.</param>
    /// <param name="suite">The suite whose token made the call (<see cref="SuiteLabel"/>).</param>
    public void Call(string api, int errCode, string outcome, TimeSpan elapsed, string suite)
    {
        _calls.Add(1, new("api", api), new("errcode", errCode), new("outcome", outcome), new("suite", suite));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Retry(string api, string reason) =>
        _retries.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("reason", reason));

    public void TokenFetch(TokenKey key, string outcome) =>
        _tokenFetches.Add(1, new("kind", Label(key.Kind)), new("outcome", outcome), new("suite", SuiteLabel(key)));

    /// <summary>The <c>suite</c> tag: the suite of a suite or corp token, <c>provider</c>, or <c>none</c> (a call without a token).</summary>
    public static string SuiteLabel(TokenKey? key) => key switch
    {
        { Kind: TokenKind.Provider } => "provider",
        { SuiteId: { } suiteId } => suiteId,
        _ => "none",
    };

    /// <param name="source"><c>local_copy</c> (this process's copy, until its expiry) or <c>fetched</c> (from WeCom, without the lock).</param>
    public void TokenWithoutStore(TokenKind kind, string source) =>
        _tokensWithoutStore.Add(1, new KeyValuePair<string, object?>("kind", Label(kind)), new KeyValuePair<string, object?>("source", source));

    public void TokenInvalidated(TokenKind kind) => _tokenInvalidations.Add(1, new KeyValuePair<string, object?>("kind", Label(kind)));

    /// <summary>
    /// What a failed call got, from a closed set: the <see cref="WeComErrorKind"/> of an errcode (<c>transient</c>,
    /// <c>token_invalid</c>, <c>rate_limited</c>, <c>permanent</c>, <c>authorization_revoked</c>, <c>configuration</c>),
    /// or <c>http_error</c>, <c>timeout</c>, <c>circuit_open</c>, <c>throttled</c> (this gateway's per-corp limiter),
    /// <c>connection_error</c>, <c>cancelled</c>, <c>error</c>.
    /// </summary>
    public static string OutcomeOf(Exception exception, bool callerCancelled) => exception switch
    {
        WeComApiException { HttpStatus: not null } => "http_error",
        TokenRefreshTimeoutException => "token_wait_timeout",
        WeComApiException e => Label(e.Kind),
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        RateLimiterRejectedException => "throttled",
        HttpRequestException => "connection_error",
        OperationCanceledException when callerCancelled => "cancelled",
        OperationCanceledException => "timeout",
        _ => "error",
    };

    /// <summary>WeCom's errcode behind <paramref name="exception"/>; <see cref="WeComErrorCodes.HttpFailure"/> when there is none.</summary>
    public static int ErrCodeOf(Exception exception) => exception is WeComApiException e ? e.ErrCode : WeComErrorCodes.HttpFailure;

    /// <summary>The outcome of a token fetch: <c>ok</c>, or why there is no token.</summary>
    public static string TokenOutcomeOf(Exception exception) => exception switch
    {
        SuiteTicketUnavailableException => "suite_ticket_unavailable",
        CorpNotAuthorizedException => "corp_not_authorized",
        CorpInactiveException => "corp_inactive",
        TokenConfigurationException => "not_configured",
        _ => OutcomeOf(exception, callerCancelled: false),
    };

    public static string Label(WeComErrorKind kind) => kind switch
    {
        WeComErrorKind.Transient => "transient",
        WeComErrorKind.TokenInvalid => "token_invalid",
        WeComErrorKind.RateLimited => "rate_limited",
        WeComErrorKind.Permanent => "permanent",
        WeComErrorKind.AuthorizationRevoked => "authorization_revoked",
        WeComErrorKind.Configuration => "configuration",
        _ => "error",
    };

    public static string Label(TokenKind kind) => kind switch
    {
        TokenKind.Provider => "provider",
        TokenKind.Suite => "suite",
        TokenKind.Corp => "corp",
        _ => "unknown",
    };
}
