using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Which failures a retry cannot fix: exceptions marked <see cref="IPermanentFailure"/> (a WeCom refusal it will
/// repeat, an unauthorized corp, a refused rule set, an undecryptable secret, an incomplete event). Those skip the
/// in-process retries and the delayed redeliveries and go to the <c>_error</c> queue on the first attempt. Everything
/// else — WeCom busy or rate-limited, Redis unavailable, timeouts, write conflicts, and bugs nobody foresaw — is
/// retried, then redelivered later, then dead-lettered.
/// </summary>
internal static class FailureClassifier
{
    public static bool IsPermanent(Exception exception) => Unwrap(exception) is IPermanentFailure;

    /// <summary>The exception a consumer threw, out of the wrappers it may arrive in.</summary>
    public static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    /// <summary>Exponential, jittered in-process retry for what is not permanent.</summary>
    public static void Configure(IRetryConfigurator retry, WorkerRetryOptions options)
    {
        retry.Exponential(options.Limit, options.MinInterval, options.MaxInterval, options.IntervalDelta);
        retry.Handle<Exception>(exception => !IsPermanent(exception));
    }
}
