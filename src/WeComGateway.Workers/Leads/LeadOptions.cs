using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Leads;

/// <summary>The lead pool's workers (section <c>Leads</c>); per-corp rotation, caps and timeout are in the admin API.</summary>
internal sealed class LeadOptions : IValidatableOptions
{
    public const string SectionName = "Leads";

    /// <summary>Off → no scheduler in this process (reminders and timeouts wait for a process that runs one; claims make several safe).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due reminders, timed-out leads and waiting leads.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A claimed due lead is not claimed again for this long (its handling moves it on).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Leads claimed or read from the pool per Redis round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// The reminder card's link, <c>{corpId}</c> and <c>{leadId}</c> filled in: the provider's page that shows the member
    /// the full number (behind WeCom sign-in). The card itself shows the phone masked.
    /// </summary>
    [Required]
    public string CardUrl { get; set; } = "https://example.com/leads/{corpId}/{leadId}";

    /// <summary>The corps' clock for "a day" (daily caps; the reminder's deadline): UTC+8, China.</summary>
    public TimeSpan DayOffset { get; set; } = TimeSpan.FromHours(8);

    public void Validate(OptionsValidationContext context)
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            context.Problem(nameof(Interval), "must be at least 1 second.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(ClaimLease), "must be at least 10 seconds.");
        }

        if (!Uri.TryCreate(CardUrl.Replace("{corpId}", "c", StringComparison.Ordinal).Replace("{leadId}", "l", StringComparison.Ordinal), UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https"))
        {
            context.Problem(nameof(CardUrl), "must be an absolute http(s) URL (with {corpId} and {leadId} where wanted).");
        }

        if (DayOffset < TimeSpan.FromHours(-14) || DayOffset > TimeSpan.FromHours(14))
        {
            context.Problem(nameof(DayOffset), "must be a UTC offset between -14:00 and 14:00.");
        }
    }

    public string Day(DateTimeOffset at) => at.ToOffset(DayOffset).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
