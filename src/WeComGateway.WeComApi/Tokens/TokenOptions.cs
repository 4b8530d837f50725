namespace WeComGateway.WeComApi.Tokens;

/// <summary><c>WeCom:Tokens</c>: how tokens are cached and refreshed. The defaults suit WeCom's 7200 s tokens.</summary>
public sealed class TokenOptions
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
    /// </summary>
    public TimeSpan LocalCopyLifetime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>WeCom accepts a suite_ticket for 30 minutes after it was pushed.</summary>
    public TimeSpan SuiteTicketMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    internal IEnumerable<string> Problems()
    {
        if (RefreshAhead < TimeSpan.Zero || RefreshAhead >= TimeSpan.FromHours(2))
        {
            yield return $"{SectionName}:RefreshAhead must be between 0 and 2 hours";
        }

        if (LockTtl <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:LockTtl must be positive";
        }

        if (WaitBudget <= TimeSpan.Zero || MaxPollDelay <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:WaitBudget and MaxPollDelay must be positive";
        }

        if (LocalCopyLifetime < TimeSpan.Zero || LocalCopyLifetime > TimeSpan.FromSeconds(10))
        {
            yield return $"{SectionName}:LocalCopyLifetime must be between 0 and 10 seconds (a longer copy outlives invalidations on other replicas)";
        }

        if (SuiteTicketMaxAge <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:SuiteTicketMaxAge must be positive";
        }
    }
}

/// <summary>
/// The secrets the token APIs need, bound from the <c>WeCom</c> section (<c>WeCom:ProviderCorpId</c>,
/// <c>WeCom:ProviderSecret</c>, <c>WeCom:Suites:{i}:SuiteId</c>/<c>SuiteSecret</c>). Never logged.
/// </summary>
public sealed class TokenCredentialsOptions
{
    public const string SectionName = "WeCom";

    public string? ProviderCorpId { get; set; }

    public string? ProviderSecret { get; set; }

    public List<SuiteCredentials> Suites { get; set; } = [];

    public override string ToString() => $"TokenCredentialsOptions {{ ProviderCorpId = {ProviderCorpId}, Suites = {Suites.Count} }}";
}

public sealed class SuiteCredentials
{
    public string SuiteId { get; set; } = string.Empty;

    public string? SuiteSecret { get; set; }

    public override string ToString() => $"SuiteCredentials {{ SuiteId = {SuiteId} }}";
}
