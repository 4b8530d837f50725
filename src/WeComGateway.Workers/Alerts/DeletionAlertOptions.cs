using WeComGateway.Configuration;

namespace WeComGateway.Workers.Alerts;

/// <summary>Customer deletion alerts (删人提醒; section <c>DeletionAlerts</c>); per-corp recipients are in the admin API.</summary>
internal sealed class DeletionAlertOptions : IValidatableOptions
{
    public const string SectionName = "DeletionAlerts";

    /// <summary>For a corp that set nothing: alert the deleted employee (true) or nobody (false).</summary>
    public bool EnabledByDefault { get; set; } = true;

    /// <summary>The card's link, <c>{corpId}</c>, <c>{externalUserId}</c> and <c>{userId}</c> filled in: the provider's customer page.</summary>
    public string CardUrl { get; set; } = "https://example.com/customers/{corpId}/{externalUserId}";

    /// <summary>The corps' clock for "once a day": UTC+8, China.</summary>
    public TimeSpan DayOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a worker's claim on an alert holds while message/send runs.</summary>
    public TimeSpan ClaimTtl { get; set; } = TimeSpan.FromMinutes(1);

    public void Validate(OptionsValidationContext context)
    {
        var probe = CardUrl.Replace("{corpId}", "c", StringComparison.Ordinal).Replace("{externalUserId}", "e", StringComparison.Ordinal)
            .Replace("{userId}", "u", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            context.Problem(nameof(CardUrl), "must be an absolute http(s) URL.");
        }

        if (DayOffset < TimeSpan.FromHours(-14) || DayOffset > TimeSpan.FromHours(14))
        {
            context.Problem(nameof(DayOffset), "must be a UTC offset between -14:00 and 14:00.");
        }

        if (ClaimTtl < TimeSpan.FromSeconds(5))
        {
            context.Problem(nameof(ClaimTtl), "must be at least 5 seconds.");
        }
    }

    public string Day(DateTimeOffset at) => at.ToOffset(DayOffset).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
