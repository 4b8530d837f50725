using System.Net;
using System.Net.Http;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.WeComApi.Http;

/// <summary>
/// The resilience pipeline of one corp (one instance per corp via <c>SelectPipelineBy</c>), outer to inner:
/// total timeout → retry → circuit breaker → token-bucket rate limiter → attempt timeout.
/// </summary>
/// <remarks>
/// Retried: <see cref="WeComErrorKind.Transient"/> and <see cref="WeComErrorKind.RateLimited"/> errcodes (WeCom
/// answered, so it did not act), rate-limiter rejections and connection failures (the request never left), and — for
/// idempotent APIs only — attempt timeouts, other <see cref="HttpRequestException"/>s and HTTP 5xx.
/// Never retried: permanent, configuration, revoked-authorization and token errors (the token handler resends those
/// once itself), an open circuit, and the caller's own cancellation.
/// </remarks>
internal static class WeComResilience
{
    public const string PipelineName = "wecom";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder, WeComApiOptions options, WeComApiMetrics metrics, Action<Action> onPipelineDisposed)
    {
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RateLimitBurst,
            TokensPerPeriod = options.RateLimitPermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = options.RateLimitQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        onPipelineDisposed(limiter.Dispose);

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                OnRetry = args =>
                {
                    metrics.Retry(args.Context.GetRequestMessage()?.GetApiName() ?? "unknown", RetryReason(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailureOfWeCom(args.Outcome)),
            })
            .AddRateLimiter(limiter)
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Whether another attempt may help and cannot make WeCom act twice.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var idempotent = request?.IsIdempotent() ?? false;
        return outcome.Exception switch
        {
            null => idempotent && outcome.Result is { } response && IsTransientStatus(response.StatusCode),
            WeComApiException { HttpStatus: not null } => idempotent,
            WeComApiException e => e.IsRetryable,
            RateLimiterRejectedException => true,
            HttpRequestException e when NeverLeft(e) => true,
            HttpRequestException or TimeoutRejectedException => idempotent,
            _ => false,
        };
    }

    /// <summary>What the failed attempt got, in the outcome labels of <c>wecomgw.wecom_api.calls</c>.</summary>
    private static string RetryReason(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? WeComApiMetrics.OutcomeOf(exception, callerCancelled: false) : "http_error";

    /// <summary>What counts against a corp's circuit: WeCom (or the path to it) struggling, not our bad requests.</summary>
    internal static bool IsFailureOfWeCom(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } response && IsTransientStatus(response.StatusCode),
        WeComApiException e => e.IsRetryable,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>Failures before the request could reach WeCom: safe to retry even for non-idempotent APIs.</summary>
    private static bool NeverLeft(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
}
