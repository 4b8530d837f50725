using MassTransit;
using WeComGateway.Automation;
using WeComGateway.Storage.Secrets;
using WeComGateway.WeComApi.Errors;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Hosting;

/// <summary>Which failures a retry cannot fix: those go to the <c>_error</c> queue on the first attempt.</summary>
public static class FailureClassifier
{
    public static bool IsPermanent(WeComApiException exception) =>
        exception.Kind is WeComErrorKind.Permanent or WeComErrorKind.Configuration or WeComErrorKind.AuthorizationRevoked;

    /// <summary>Exponential retry for everything else (WeCom busy or rate-limited, Redis unavailable, timeouts).</summary>
    public static void Configure(IRetryConfigurator retry, WorkerRetryOptions options)
    {
        retry.Exponential(options.Limit, options.MinInterval, options.MaxInterval, options.IntervalDelta);
        retry.Ignore<WeComApiException>(IsPermanent);
        retry.Ignore<AuthorizationWorkerException>();
        retry.Ignore<SecretUnprotectException>();
        retry.Ignore<ArgumentException>();
        retry.Ignore<CorpNotAuthorizedForAutomationException>();
        retry.Ignore<RuleSetException>();
        retry.Ignore<System.Text.Json.JsonException>();
    }
}
