using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Channels;

/// <summary>Channels and their statistics (section <c>Channels</c>).</summary>
internal sealed class ChannelOptions : IValidatableOptions
{
    public const string SectionName = "Channels";

    /// <summary>The corp's day for the statistics (WeCom's own statistics count China days).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How long a corp's channel list is used by the rules before it is read again.</summary>
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public ReconciliationOptions Reconciliation { get; set; } = new();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public void Validate(OptionsValidationContext context)
    {
        try
        {
            _ = Zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            context.Problem(nameof(TimeZone), $"'{TimeZone}' is not a time zone of this system.");
        }

        if (DirectoryRefreshInterval < TimeSpan.Zero || DirectoryRefreshInterval > TimeSpan.FromHours(1))
        {
            context.Problem(nameof(DirectoryRefreshInterval), "must be between 0 and 1 hour.");
        }

        if (Reconciliation.Interval < TimeSpan.FromMinutes(1))
        {
            context.Problem("Reconciliation:Interval", "must be at least 1 minute.");
        }
    }
}

/// <summary>
/// The daily check of the counts against WeCom's get_user_behavior_data (section <c>Channels:Reconciliation</c>): each
/// pass reconciles the corp's previous day once across all replicas (a claim per corp and day).
/// </summary>
internal sealed class ReconciliationOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How often a worker looks for days to reconcile (each day of a corp is reconciled once).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a worker may hold a corp's day before another may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many days back a pass reconciles (WeCom keeps 180 days; its figures of a day settle the day after).</summary>
    [Range(1, 30)]
    public int Days { get; set; } = 1;
}
