using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Campaigns;

/// <summary>Campaigns' workers (section <c>Campaigns</c>; docs/campaigns.md).</summary>
internal sealed class CampaignOptions : IValidatableOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>Off → no scheduler in this process (claims make several safe).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for campaigns whose next step is due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A claimed campaign is not claimed again for this long (the step's write sets its real next time).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Mass messages a customer may get from the corp's campaigns in one natural month (WeCom's own limit is 4);
    /// customers at it are left out of a campaign and counted as skipped.
    /// </summary>
    [Range(1, 100)]
    public int MonthlyLimit { get; set; } = 4;

    /// <summary>Results are read until every member sent, or this long after the tasks were created.</summary>
    public TimeSpan TrackFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The first read of results after the tasks were created; each unfinished read doubles it, up to <see cref="MaxPoll"/>.</summary>
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a task's pending claim holds while add_msg_template is called and recorded.</summary>
    public TimeSpan TaskClaim { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Customers read from the store per page when an audience is evaluated.</summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Customers per add_msg_template (WeCom's limit, 10,000; smaller for tests).</summary>
    [Range(1, 10_000)]
    public int CustomersPerTask { get; set; } = 10_000;

    public void Validate(OptionsValidationContext context)
    {
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            context.Problem(nameof(Interval), "must be at least 100 ms.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(ClaimLease), "must be at least 10 seconds.");
        }

        if (FirstPoll <= TimeSpan.Zero || MaxPoll < FirstPoll)
        {
            context.Problem(nameof(MaxPoll), "must be at least FirstPoll, which must be positive.");
        }

        if (TrackFor < TimeSpan.FromMinutes(1))
        {
            context.Problem(nameof(TrackFor), "must be at least 1 minute.");
        }
    }
}
