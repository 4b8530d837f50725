using WeComGateway.Configuration;

namespace WeComGateway.WeComApi.Tokens;

/// <summary><c>WeCom:Tokens</c>: how tokens are cached and refreshed. The defaults suit WeCom's 7200 s tokens.</summary>
public sealed class TokenOptions : IValidatableOptions
{
    public const string SectionName = "WeCom:Tokens";

    /// <summary>Below this remaining lifetime one caller refreshes in the background while the others keep the current token.</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After a refresh-ahead attempt (won, lost or failed) this process waits this long before trying another one.</summary>
    public TimeSpan RefreshAheadRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TTL of the Redis lock the fetching replica holds; a dead holder's lock lapses after it and a waiter takes over.</summary>
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a caller that lost the lock polls the cache for the winner's token before giving up (transient error).</summary>
    public TimeSpan WaitBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest pause between two polls of the cache while another replica fetches.</summary>
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long this process reuses a token it read from Redis without reading it again. Bounds how long a token that
    /// another replica invalidated can still be handed out here. Zero: every call reads Redis.
    /// While Redis is unreachable the copy is used past this, until the token expires.
    /// </summary>
    public TimeSpan LocalCopyLifetime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>WeCom accepts a suite_ticket for 30 minutes after it was pushed.</summary>
    public TimeSpan SuiteTicketMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    public void Validate(OptionsValidationContext context)
    {
        if (RefreshAhead < TimeSpan.Zero || RefreshAhead >= TimeSpan.FromHours(2))
        {
            context.Problem(nameof(RefreshAhead), "must be between 0 and 2 hours");
        }

        if (LockTtl <= TimeSpan.Zero)
        {
            context.Problem(nameof(LockTtl), "must be positive");
        }

        if (WaitBudget <= TimeSpan.Zero || MaxPollDelay <= TimeSpan.Zero)
        {
            context.Problem(nameof(WaitBudget), $"and {context.Key(nameof(MaxPollDelay))} must be positive");
        }

        if (LocalCopyLifetime < TimeSpan.Zero || LocalCopyLifetime > TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(LocalCopyLifetime), "must be between 0 and 10 seconds (a longer copy outlives invalidations on other replicas)");
        }

        if (SuiteTicketMaxAge <= TimeSpan.Zero)
        {
            context.Problem(nameof(SuiteTicketMaxAge), "must be positive");
        }
    }
}
