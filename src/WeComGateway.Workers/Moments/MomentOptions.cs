using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Moments;

/// <summary>The moment workers (section <c>Moments</c>): the scheduler that creates, polls and announces moment tasks.</summary>
internal sealed class MomentOptions : IValidatableOptions
{
    public const string SectionName = "Moments";

    /// <summary>Off → no scheduler in this process (claims make several safe; the consumer still creates tasks at once).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due moments.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A claimed due moment is not claimed again for this long (handling it sets its next due time).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Moments claimed per Redis round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The first wait before reading a new task's result; it doubles per read that finds it not done.</summary>
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two reads of one task.</summary>
    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one worker may hold a moment's task claim while add_moment_task runs.</summary>
    public TimeSpan CreateClaimTtl { get; set; } = TimeSpan.FromMinutes(2);

    public void Validate(OptionsValidationContext context)
    {
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            context.Problem(nameof(Interval), "must be at least 100 ms.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(1))
        {
            context.Problem(nameof(ClaimLease), "must be at least 1 second.");
        }

        if (FirstPoll < TimeSpan.FromMilliseconds(100) || MaxPoll < FirstPoll)
        {
            context.Problem(nameof(FirstPoll), "must be at least 100 ms, and MaxPoll at least FirstPoll.");
        }

        if (CreateClaimTtl < TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(CreateClaimTtl), "must be at least 10 seconds (longer than an add_moment_task call).");
        }
    }
}
