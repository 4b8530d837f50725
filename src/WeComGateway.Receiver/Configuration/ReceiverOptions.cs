using WeComGateway.Configuration;

namespace WeComGateway.Receiver.Configuration;

/// <summary>The <c>Receiver</c> configuration section: time budgets of the callback path.</summary>
public sealed class ReceiverOptions : IValidatableOptions
{
    public const string SectionName = "Receiver";

    /// <summary>Callbacks whose signed timestamp is further than this from now are refused (replay protection).</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a callback waits for the broker's confirm before it falls back to the outbox.</summary>
    public TimeSpan PublishConfirmBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The same for create_auth, change_auth, cancel_auth and reset_permanent_code, which WeCom wants answered within 1 s.</summary>
    public TimeSpan AuthorizationConfirmBudget { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>A publish that missed its budget keeps trying in the background this long; if it lands, its outbox entry is dropped.</summary>
    public TimeSpan BackgroundPublishDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A pending dedupe claim expires after this, so a crash between claim and publish never swallows an event.</summary>
    public TimeSpan DedupePendingTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a durable event's claim suppresses WeCom's retries (its retry window is seconds to minutes).</summary>
    public TimeSpan DedupeCompletedTtl { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a retry waits for another request's pending claim of the same event before answering 503.</summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the outbox relay looks for entries.</summary>
    public TimeSpan RelayInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra wait, beyond <see cref="BackgroundPublishDeadline"/>, before the relay takes an entry.</summary>
    public TimeSpan RelayGraceMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Outbox entries younger than this are left to their own background publish (avoids sending them twice).</summary>
    public TimeSpan RelayGrace => BackgroundPublishDeadline + RelayGraceMargin;

    public void Validate(OptionsValidationContext context)
    {
        (string Name, TimeSpan Value)[] positive =
        [
            (nameof(TimestampTolerance), TimestampTolerance), (nameof(PublishConfirmBudget), PublishConfirmBudget),
            (nameof(AuthorizationConfirmBudget), AuthorizationConfirmBudget), (nameof(BackgroundPublishDeadline), BackgroundPublishDeadline),
            (nameof(DedupePendingTtl), DedupePendingTtl), (nameof(DedupeCompletedTtl), DedupeCompletedTtl), (nameof(RelayInterval), RelayInterval),
        ];
        foreach (var setting in positive.Where(s => s.Value <= TimeSpan.Zero))
        {
            context.Problem(setting.Name, "must be positive.");
        }

        (string Name, TimeSpan Value)[] notNegative = [(nameof(InFlightWait), InFlightWait), (nameof(RelayGraceMargin), RelayGraceMargin)];
        foreach (var setting in notNegative.Where(s => s.Value < TimeSpan.Zero))
        {
            context.Problem(setting.Name, "must not be negative.");
        }
    }
}
