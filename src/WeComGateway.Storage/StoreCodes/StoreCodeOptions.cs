using WeComGateway.Configuration;

namespace WeComGateway.Storage.StoreCodes;

/// <summary>Store codes and group codes (section <c>StoreCodes</c>).</summary>
public sealed class StoreCodeOptions : IValidatableOptions
{
    public const string SectionName = "StoreCodes";

    /// <summary>The time zone stores' opening hours are in (IANA id).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// How long an event counted for a code is remembered, so that a redelivery or duplicate within it is not counted
    /// again (WeCom retries within minutes, the bus redelivers within hours).
    /// </summary>
    public TimeSpan CountWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Whether a store's 联系我 code adds customers without the employee's confirmation (WeCom's skip_verify).</summary>
    public bool SkipVerify { get; set; } = true;

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public void Validate(OptionsValidationContext context)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            context.Problem(nameof(TimeZone), $"'{TimeZone}' is not a time zone id of this system.");
        }

        if (CountWindow < TimeSpan.FromHours(1))
        {
            context.Problem(nameof(CountWindow), "must be at least one hour.");
        }
    }
}
