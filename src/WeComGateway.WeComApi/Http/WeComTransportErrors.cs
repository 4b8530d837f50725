using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using WeComGateway.WeComApi.Errors;

namespace WeComGateway.WeComApi.Http;

/// <summary>
/// What Refit surfaces when the handler pipeline throws: a <see cref="WeComApiException"/> unchanged (Refit would
/// otherwise wrap it in <c>ApiRequestException</c>), and the transport failures left after retries (timeout,
/// connection failure, open circuit, rate limiter) as a <see cref="WeComApiException"/> too, so callers and
/// MassTransit retry filters handle one type. The caller's own cancellation passes through.
/// </summary>
internal static class WeComTransportErrors
{
    public static Exception? Translate(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is WeComApiException)
        {
            return exception;
        }

        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return exception;
        }

        var (kind, reason) = exception switch
        {
            TimeoutRejectedException => (WeComErrorKind.Transient, "timed out"),
            BrokenCircuitException => (WeComErrorKind.Transient, "circuit open for this corp"),
            RateLimiterRejectedException => (WeComErrorKind.RateLimited, "local rate limit for this corp"),
            HttpRequestException http => (WeComErrorKind.Transient, $"HTTP request failed ({http.HttpRequestError})"),
            OperationCanceledException => (WeComErrorKind.Transient, "timed out"),
            _ => ((WeComErrorKind?)null, (string?)null),
        };

        return kind is { } k
            ? WeComApiException.FromTransportFailure(reason!, request.GetApiName(), request.GetCallerKey()?.CorpId, k, exception)
            : null;
    }
}
