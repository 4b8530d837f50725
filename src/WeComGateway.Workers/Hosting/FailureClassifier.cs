using System.Text.Json;
using MassTransit;
using WeComGateway.Automation;
using WeComGateway.Storage.Secrets;
using WeComGateway.WeComApi.Errors;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Which failures a retry cannot fix: those skip the in-process retries and the delayed redeliveries and go to the
/// <c>_error</c> queue on the first attempt. Everything else (WeCom busy or rate-limited, Redis unavailable,
/// timeouts, write conflicts) is retried, then redelivered later, then dead-lettered.
/// </summary>
public static class FailureClassifier
{
    public static bool IsPermanent(WeComApiException exception) =>
        exception.Kind is WeComErrorKind.Permanent or WeComErrorKind.Configuration or WeComErrorKind.AuthorizationRevoked;

    public static bool IsPermanent(Exception exception) => Unwrap(exception) switch
    {
        WeComApiException weCom => IsPermanent(weCom),
        AuthorizationWorkerException or SecretUnprotectException or ArgumentException => true,
        CorpNotAuthorizedForAutomationException or RuleSetException or JsonException => true,
        _ => false,
    };

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
