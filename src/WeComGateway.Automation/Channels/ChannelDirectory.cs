using System.Collections.Frozen;

namespace WeComGateway.Automation;

/// <summary>A channel (渠道活码) as the rules see it: its state, its name, and what an add through it brings.</summary>
/// <param name="Tags">Tags every customer added through the channel gets (applied before the rules' tags; a rule may remove them).</param>
/// <param name="WelcomeTemplateId">The welcome for adds through the channel when no welcome rule matches (before the default).</param>
public sealed record ChannelInfo(string State, string Name, IReadOnlyList<TagRef> Tags, string? WelcomeTemplateId);

/// <summary>
/// A corp's channels by state, handed to <see cref="RuleSet.Evaluate(CustomerFacts, AutomationEvent, DateTimeOffset, ChannelDirectory?)"/>
/// and <see cref="RuleSet.ChooseWelcome(CustomerFacts, AutomationEvent, DateTimeOffset, ChannelDirectory?)"/> by the
/// caller (the workers build it from the corp's stored channels), so that a rule written against a channel's name
/// (<c>"channel": "抖音-春季"</c>, <c>"state": "抖音-春季"</c>) matches the adds through its state, while the rule file
/// itself stays independent of the channels that exist. Immutable.
/// </summary>
public sealed class ChannelDirectory
{
    private readonly FrozenDictionary<string, ChannelInfo> _byState;

    public ChannelDirectory(IEnumerable<ChannelInfo> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _byState = channels.GroupBy(c => c.State, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>No channels: states are matched as written.</summary>
    public static ChannelDirectory Empty { get; } = new([]);

    public int Count => _byState.Count;

    /// <summary>The channel whose state this is, or null.</summary>
    public ChannelInfo? ByState(string? state) => state is { Length: > 0 } && _byState.TryGetValue(state, out var channel) ? channel : null;
}
