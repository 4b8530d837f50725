using System.ComponentModel.DataAnnotations;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Customers;

/// <summary>Customer automation settings (section <c>Automation</c>).</summary>
internal sealed class AutomationOptions : IValidatableOptions
{
    public const string SectionName = "Automation";

    /// <summary>
    /// A rule-set JSON file used for every corp without an override; absent → the rule set that ships
    /// (channel tag from <c>State</c>, first lifecycle stage, default welcome text).
    /// </summary>
    public string? DefaultRuleSetPath { get; set; }

    /// <summary>A folder of per-corp overrides named <c>{corpId}.json</c>, re-read when a file changes.</summary>
    public string? RuleSetDirectory { get; set; }

    /// <summary>How long a compiled rule set is used before its source (file, Redis override) is checked again.</summary>
    public TimeSpan RuleSetRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the cached copy of a corp's WeCom tag list lives (it is also dropped on change_external_tag).</summary>
    public TimeSpan TagCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most customer tags a corp may have before the gateway stops creating tags in it (add_corp_tag): WeCom allows
    /// 3,000 per corp, and the margin leaves room for the tags admins create in the console. Tags the rules want past
    /// it are not created and not applied (logged, <c>wecomgw.tags.not_created</c>); the rest of the decision stays.
    /// </summary>
    [Range(1, 3000)]
    public int MaxCorpTags { get; set; } = 2900;

    /// <summary>Read-modify-write attempts for one customer before the message is retried later.</summary>
    [Range(1, 100)]
    public int MaxUpdateAttempts { get; set; } = 8;

    public WelcomeOptions Welcome { get; set; } = new();

    public ReevaluationOptions Reevaluation { get; set; } = new();

    public void Validate(OptionsValidationContext context)
    {
        if (RuleSetRefreshInterval < TimeSpan.FromSeconds(1))
        {
            context.Problem(nameof(RuleSetRefreshInterval), "must be at least 1 second.");
        }

        if (TagCacheLifetime < TimeSpan.FromSeconds(10))
        {
            context.Problem(nameof(TagCacheLifetime), "must be at least 10 seconds.");
        }
    }
}

/// <summary>Welcome messages (section <c>Automation:Welcome</c>).</summary>
internal sealed class WelcomeOptions : IValidatableOptions
{
    /// <summary>WeCom accepts send_welcome_msg within 20 s of the event; after this the code is treated as expired.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Welcome messages processed at once per worker: its own queue, never behind other work.</summary>
    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>How long a claim on a welcome code stays "in flight" before another worker may take it over.</summary>
    public TimeSpan ClaimTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a sent code is remembered (well past WeCom's retry window).</summary>
    public TimeSpan SentMemory { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest wait for externalcontact/get (the customer's name) before sending with the placeholder default.</summary>
    public TimeSpan CustomerLookupBudget { get; set; } = TimeSpan.FromSeconds(2);

    public void Validate(OptionsValidationContext context)
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromSeconds(20))
        {
            context.Problem(nameof(Window), "must be positive and at most 20 seconds (WeCom's limit).");
        }

        if (ClaimTtl < TimeSpan.FromSeconds(1) || ClaimTtl > Window)
        {
            context.Problem(nameof(ClaimTtl), "must be at least 1 second and not longer than the window.");
        }
    }
}

/// <summary>Time-based re-evaluation (section <c>Automation:Reevaluation</c>).</summary>
internal sealed class ReevaluationOptions : IValidatableOptions
{
    /// <summary>Off → no scheduled re-evaluation in this process (run it in one worker deployment only, or all: claims are atomic).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often due customers are looked for; daily by default.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Delay of the first pass after start-up.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Customers claimed per Redis round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a claimed customer is not claimed again (its re-evaluation writes the next due time).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromHours(1);

    public void Validate(OptionsValidationContext context)
    {
        if (Interval < TimeSpan.FromMinutes(1))
        {
            context.Problem(nameof(Interval), "must be at least 1 minute.");
        }
    }
}
