namespace WeComGateway.Storage.Channels;

/// <summary>
/// Channel statistics counted from add and delete events, exactly once whatever the order and however often an event
/// arrives: the "counted before?" check and every counter change of an event happen in ONE script over the corp's keys.
/// <list type="bullet">
/// <item>An add counts in its state's bucket on its day; it is a <b>first add</b> when it is the earliest add of the
/// customer by anyone in the corp (by event time, then event key), else a <b>re-add</b>. A late, earlier add makes the
/// add counted first before a re-add.</item>
/// <item>A delete counts on its day in the bucket of the employee's latest add of the customer before it; with none seen
/// (yet) in <see cref="ChannelBuckets.Unattributed"/>, moved to the right bucket when that add arrives. The first delete
/// after an add also counts as <see cref="ChannelCounters.Lost"/>.</item>
/// </list>
/// Keys: <c>wecomgw:{corpId}:chstats:links</c> (per employee and customer, the events counted, at most
/// <see cref="MaxEventsPerLink"/> latest), <c>…:chstats:firsts</c> (per customer, the first add) and
/// <c>…:chstats:{yyyyMMdd}:{bucket}</c> counters (in the corp's key index).
/// </summary>
public interface IChannelStatsStore
{
    /// <summary>Events kept per (employee, customer) to recognise a redelivery and order late events.</summary>
    const int MaxEventsPerLink = 32;

    Task<ChannelStatsResult> RecordAsync(string corpId, ChannelStatsEvent e, CancellationToken cancellationToken);

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (inclusive) that have counts in <paramref name="bucket"/>.</summary>
    Task<IReadOnlyList<ChannelDayStats>> GetAsync(string corpId, string bucket, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Stores WeCom's figures for a day (replacing earlier ones); false when the corp holds no grant.</summary>
    Task<bool> SaveBehaviorAsync(string corpId, DayBehavior behavior, CancellationToken cancellationToken);

    Task<IReadOnlyList<DayBehavior>> GetBehaviorAsync(string corpId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
