using WeComGateway.Configuration;

namespace WeComGateway.Admin;

/// <summary>Outgoing webhooks (section <c>Webhooks</c>, docs/webhooks.md): the admin API checks URLs with it, the workers deliver with it.</summary>
public sealed class WebhookOptions : IValidatableOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The queue the deliveries wait on; its redelivery schedule is <see cref="RedeliveryIntervals"/>.</summary>
    public const string DeliveryQueue = "webhook-delivery";

    /// <summary>Off → no subscription is looked at and nothing is sent (the admin API still stores subscriptions).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Allows <c>http://127.0.0.1</c> and <c>http://localhost</c> endpoints: for tests and development, never production.</summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>How long one POST may take, connect to last byte.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a corp's subscriptions are reused before they are read again (a new or removed one takes effect after it).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default waits before each redelivery of a failed delivery (after the in-process retries): 1 min, 5 min, 30 min, 2 h, 6 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> RedeliveryIntervals =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    public void Validate(OptionsValidationContext context)
    {
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(1))
        {
            context.Problem(nameof(Timeout), "must be between 1 second and 1 minute.");
        }

        if (CacheFor < TimeSpan.Zero || CacheFor > TimeSpan.FromMinutes(10))
        {
            context.Problem(nameof(CacheFor), "must be between 0 and 10 minutes.");
        }
    }
}
