using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// The rule set in force for a corp: its override (Redis, written by the admin API; else the file
/// <c>{RuleSetDirectory}/{corpId}.json</c>), else the default (<c>DefaultRuleSetPath</c>, else the shipped one).
/// Sources are checked again every <see cref="AutomationOptions.RuleSetRefreshInterval"/>. A source that does not
/// validate is refused whole: the error names the rule and the field, and the rule set that was in force stays.
/// While the store is unreachable the rule set read last stays in force (checked again after the same interval); with
/// none read yet the store's error is thrown.
/// </summary>
internal sealed partial class RuleSetProvider(
    IRuleSetStore store,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<RuleSetProvider> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _corps = new(StringComparer.Ordinal);
    private readonly Lazy<RuleSet> _default = new(() => LoadDefault(options.Value.DefaultRuleSetPath));

    /// <summary>The configured default; a bad default file fails the first use loudly (it is configuration).</summary>
    public RuleSet Default => _default.Value;

    public async ValueTask<RuleSet> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_corps.TryGetValue(corpId, out var entry) && entry.CheckAfter > now)
        {
            return entry.RuleSet;
        }

        Source? source;
        try
        {
            source = await ReadOverrideAsync(corpId, cancellationToken);
        }
        catch (StoreUnavailableException ex) when (entry is not null)
        {
            LogStoreUnavailable(corpId, ex.Operation, entry.RuleSet.Name);
            _corps[corpId] = entry with { CheckAfter = now + options.Value.RuleSetRefreshInterval };
            return entry.RuleSet;
        }

        var ruleSet = Compile(corpId, source, entry);
        _corps[corpId] = new Entry(ruleSet, source?.Text, now + options.Value.RuleSetRefreshInterval);
        return ruleSet;
    }

    private RuleSet Compile(string corpId, Source? source, Entry? previous)
    {
        if (source is null)
        {
            return Default;
        }

        if (previous is not null && string.Equals(previous.Text, source.Text, StringComparison.Ordinal))
        {
            return previous.RuleSet;
        }

        try
        {
            var ruleSet = RuleSet.Parse(source.Text);
            LogLoaded(corpId, source.Name, ruleSet.Name, ruleSet.ContentHash[..12]);
            return ruleSet;
        }
        catch (RuleSetException ex)
        {
            var kept = previous?.RuleSet ?? Default;
            LogRefused(corpId, source.Name, ex.Errors.Count, string.Join("; ", ex.Errors.Take(10)), kept.Name);
            return kept;
        }
    }

    private async Task<Source?> ReadOverrideAsync(string corpId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(corpId, cancellationToken) is { } stored)
        {
            return new Source("admin API override", stored);
        }

        var directory = options.Value.RuleSetDirectory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        var path = Path.Combine(directory, corpId + ".json");
        return File.Exists(path) ? new Source(path, await File.ReadAllTextAsync(path, cancellationToken)) : null;
    }

    private static RuleSet LoadDefault(string? path) =>
        string.IsNullOrWhiteSpace(path) ? RuleSet.Default : RuleSet.Parse(File.ReadAllText(path));

    private sealed record Entry(RuleSet RuleSet, string? Text, DateTimeOffset CheckAfter);

    private sealed record Source(string Name, string Text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: rule set '{RuleSetName}' ({Hash}) from {Source} is in force")]
    private partial void LogLoaded(string corpId, string source, string ruleSetName, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: the rule set store is unreachable ({Operation}); '{KeptName}' read before stays in force")]
    private partial void LogStoreUnavailable(string corpId, string operation, string keptName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Corp {CorpId}: rule set from {Source} refused ({Count} errors: {Errors}); '{KeptName}' stays in force")]
    private partial void LogRefused(string corpId, string source, int count, string errors, string keptName);
}
