using WeComGateway.Configuration;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Delayed redelivery (section <c>Workers:Redelivery</c>) after the in-process retries gave up on a transient failure:
/// the message waits in a RabbitMQ TTL queue per interval and comes back to its queue, without the delayed-exchange
/// plugin. After the last interval it goes to <c>_error</c>. RabbitMQ only; the in-memory transport skips it.
/// </summary>
internal sealed class RedeliveryOptions : IValidatableOptions
{
    public const string SectionName = "Workers:Redelivery";

    public bool Enabled { get; set; } = true;

    /// <summary>The waits when <see cref="Intervals"/> is not configured: 30 s, 2 min, 10 min.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultIntervals = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];

    /// <summary>
    /// One wait per redelivery, in order (each is its own queue <c>wecomgw.redelivery.{seconds}s</c>). Configured
    /// values replace the defaults (a configuration list would otherwise be appended to them).
    /// </summary>
    public List<TimeSpan>? Intervals { get; set; }

    public IReadOnlyList<TimeSpan> EffectiveIntervals => Intervals is { Count: > 0 } configured ? configured : DefaultIntervals;

    /// <summary>
    /// Queues with a schedule of their own instead of <see cref="EffectiveIntervals"/> (<c>Workers:Redelivery:Queues:{queue}:{i}</c>);
    /// a feature may add its default here (the webhook deliveries wait for hours).
    /// </summary>
    public Dictionary<string, List<TimeSpan>> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The waits for messages of <paramref name="queue"/>.</summary>
    public IReadOnlyList<TimeSpan> IntervalsFor(string queue) =>
        Queues.TryGetValue(queue, out var own) && own is { Count: > 0 } ? own : EffectiveIntervals;

    public void Validate(OptionsValidationContext context)
    {
        for (var i = 0; i < (Intervals?.Count ?? 0); i++)
        {
            if (Intervals![i] < TimeSpan.FromSeconds(1))
            {
                context.Problem($"{nameof(Intervals)}:{i}", "must be at least 1 second (each wait is a queue named by its whole seconds).");
            }
        }

        foreach (var (queue, intervals) in Queues)
        {
            for (var i = 0; i < intervals.Count; i++)
            {
                if (intervals[i] < TimeSpan.FromSeconds(1))
                {
                    context.Problem($"{nameof(Queues)}:{queue}:{i}", "must be at least 1 second (each wait is a queue named by its whole seconds).");
                }
            }
        }
    }
}
