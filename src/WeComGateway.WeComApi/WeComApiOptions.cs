namespace WeComGateway.WeComApi;

/// <summary>
/// HTTP resilience for calls to WeCom, bound from <c>WeCom:Api</c> (base address from <c>WeCom:ApiBaseUrl</c>).
/// Defaults fit the welcome path: WeCom accepts a welcome message within 20 s of the event, and a call gives up after
/// <see cref="TotalTimeout"/> (8 s) including all retries.
/// </summary>
public sealed class WeComApiOptions
{
    public const string SectionName = "WeCom:Api";

    public static readonly Uri DefaultBaseAddress = new("https://qyapi.weixin.qq.com");

    /// <summary>From <c>WeCom:ApiBaseUrl</c>; tests point it at WireMock.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>One HTTP attempt (WeCom usually answers in well under 1 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>All attempts, backoff and rate-limiter queueing together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Retries after the first attempt (WeCom's advice for -1: at most 3).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on one backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls per second per corp (per process). WeCom allows 10,000/min per corp per API; 50/s = 3,000/min for all APIs.</summary>
    public int RateLimitPermitsPerSecond { get; set; } = 50;

    /// <summary>Burst size of the per-corp token bucket.</summary>
    public int RateLimitBurst { get; set; } = 50;

    /// <summary>Calls that may wait for a permit per corp; beyond that they are rejected (and retried after backoff).</summary>
    public int RateLimitQueueLimit { get; set; } = 200;

    /// <summary>Failure ratio in <see cref="CircuitBreakerSamplingDuration"/> that opens a corp's circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls a corp needs in the sampling window before its circuit can open (Polly minimum: 2).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<string> Validate()
    {
        if (!BaseAddress.IsAbsoluteUri)
        {
            yield return "WeCom:ApiBaseUrl must be an absolute URI.";
        }

        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || TotalTimeout < AttemptTimeout)
        {
            yield return "WeCom:Api:AttemptTimeout must be at least 10 ms and not longer than WeCom:Api:TotalTimeout.";
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            yield return "WeCom:Api:MaxRetryAttempts must be between 0 and 10.";
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            yield return "WeCom:Api:RetryBaseDelay must be positive and not longer than WeCom:Api:RetryMaxDelay.";
        }

        if (RateLimitPermitsPerSecond <= 0 || RateLimitBurst <= 0 || RateLimitQueueLimit < 0)
        {
            yield return "WeCom:Api:RateLimitPermitsPerSecond and RateLimitBurst must be positive, RateLimitQueueLimit not negative.";
        }

        if (CircuitBreakerFailureRatio is <= 0 or > 1 || CircuitBreakerMinimumThroughput < 2)
        {
            yield return "WeCom:Api:CircuitBreakerFailureRatio must be in (0, 1] and CircuitBreakerMinimumThroughput at least 2.";
        }

        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return "WeCom:Api:CircuitBreakerSamplingDuration and CircuitBreakerBreakDuration must be at least 500 ms.";
        }
    }
}
