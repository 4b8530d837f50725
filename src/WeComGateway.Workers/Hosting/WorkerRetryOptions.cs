using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// In-memory message retry for transient failures (section <c>Workers:Retry</c>), exponential between
/// <see cref="MinInterval"/> and <see cref="MaxInterval"/>, randomized by <see cref="IntervalDelta"/>. It holds the message
/// and a concurrency slot, so it is short (about 2 s with the defaults); longer waits are the delayed redeliveries
/// (<see cref="RedeliveryOptions"/>). The WeCom HTTP pipeline already retries each call a few times underneath.
/// </summary>
internal sealed class WorkerRetryOptions : IValidatableOptions
{
    public const string SectionName = "Workers:Retry";

    [Range(0, 20)]
    public int Limit { get; set; } = 3;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);

    public void Validate(OptionsValidationContext context)
    {
        if (MinInterval < TimeSpan.Zero || MaxInterval < MinInterval)
        {
            context.Problem(nameof(MinInterval), $"must not be negative nor longer than {context.Key(nameof(MaxInterval))}.");
        }

        if (IntervalDelta < TimeSpan.Zero)
        {
            context.Problem(nameof(IntervalDelta), "must not be negative.");
        }
    }
}
