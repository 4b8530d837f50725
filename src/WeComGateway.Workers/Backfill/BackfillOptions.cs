using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.Workers.Backfill;

/// <summary>The existing-customer backfill (section <c>Backfill</c>).</summary>
internal sealed class BackfillOptions : IValidatableOptions
{
    public const string SectionName = "Backfill";

    /// <summary>batch/get_by_user pages a corp's backfill reads per second at most (WeCom limits calls per corp and API).</summary>
    [Range(0.1, 100)]
    public double PagesPerSecond { get; set; } = 5;

    /// <summary>Customers per page (WeCom: at most 100).</summary>
    [Range(1, CustomersByUserRequest.MaxLimit)]
    public int PageSize { get; set; } = CustomersByUserRequest.MaxLimit;

    /// <summary>A run whose progress was not updated for this long is taken to be dead: the next request resumes it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A progress line every this many pages (the first and the last page are always logged).</summary>
    [Range(1, 100_000)]
    public int LogEveryPages { get; set; } = 10;

    /// <summary>Corps backfilled at once per worker (each its own rate budget).</summary>
    [Range(1, 64)]
    public int ConcurrentCorps { get; set; } = 4;

    /// <summary>Backfill a corp after create_auth (its first grant, or one of another suite when it was never backfilled).</summary>
    public bool OnInstall { get; set; } = true;

    public void Validate(OptionsValidationContext context)
    {
        if (Lease < TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(Lease), "must be at least 10 seconds.");
        }
    }
}
