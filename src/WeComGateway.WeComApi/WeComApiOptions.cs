using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.WeComApi;

/// <summary>
/// HTTP resilience for calls to WeCom, bound from <c>WeCom:Api</c> (the base address is <see cref="WeComOptions.ApiBaseUrl"/>).
/// Defaults fit the welcome path: WeCom accepts a welcome message within 20 s of the event, and a call gives up after
/// <see cref="TotalTimeout"/> (8 s) including all retries.
/// </summary>
public sealed class WeComApiOptions : IValidatableOptions
{
    public const string SectionName = "WeCom:Api";

    /// <summary>One HTTP attempt (WeCom usually answers in well under 1 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>All attempts, backoff and rate-limiter queueing together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Retries after the first attempt (WeCom's advice for -1: at most 3).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on one backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls per second per corp (per process). WeCom allows 10,000/min per corp per API; 50/s = 3,000/min for all APIs.</summary>
    [Range(1, int.MaxValue)]
    public int RateLimitPermitsPerSecond { get; set; } = 50;

    /// <summary>Burst size of the per-corp token bucket.</summary>
    [Range(1, int.MaxValue)]
    public int RateLimitBurst { get; set; } = 50;

    /// <summary>Calls that may wait for a permit per corp; beyond that they are rejected (and retried after backoff).</summary>
    [Range(0, int.MaxValue)]
    public int RateLimitQueueLimit { get; set; } = 200;

    /// <summary>Failure ratio in <see cref="CircuitBreakerSamplingDuration"/> that opens a corp's circuit.</summary>
    [Range(0d, 1d, MinimumIsExclusive = true)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls a corp needs in the sampling window before its circuit can open (Polly minimum: 2).</summary>
    [Range(2, int.MaxValue)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public void Validate(OptionsValidationContext context)
    {
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || TotalTimeout < AttemptTimeout)
        {
            context.Problem(nameof(AttemptTimeout), $"must be at least 10 ms and not longer than {context.Key(nameof(TotalTimeout))}.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            context.Problem(nameof(RetryBaseDelay), $"must be positive and not longer than {context.Key(nameof(RetryMaxDelay))}.");
        }

        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            context.Problem(nameof(CircuitBreakerSamplingDuration), $"and {context.Key(nameof(CircuitBreakerBreakDuration))} must be at least 500 ms.");
        }
    }
}
