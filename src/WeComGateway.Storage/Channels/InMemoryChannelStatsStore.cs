using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Channels;

/// <summary>
/// The embedded default: the counting of <see cref="RedisChannelStatsStore"/> (its Lua script, step for step) under
/// one lock, lost on restart.
/// </summary>
public sealed class InMemoryChannelStatsStore : InMemoryCorpData, IChannelStatsStore
{
    private readonly Dictionary<string, Corp> _corps = new(StringComparer.Ordinal);

    public Task<ChannelStatsResult> RecordAsync(string corpId, ChannelStatsEvent e, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(e);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new ChannelStatsResult(ChannelStatsOutcome.NotAuthorized, []));
            }

            if (!_corps.TryGetValue(corpId, out var corp))
            {
                corp = new Corp();
                _corps[corpId] = corp;
            }

            return Task.FromResult(corp.Record(e));
        }
    }

    public Task<IReadOnlyList<ChannelDayStats>> GetAsync(string corpId, string bucket, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        var days = RedisChannelStatsStore.Days(from, to);
        lock (Gate)
        {
            IReadOnlyList<ChannelDayStats> result = _corps.TryGetValue(corpId, out var corp)
                ? [.. days.Where(d => corp.Counters.ContainsKey((d, bucket))).Select(d => RedisChannelStatsStore.ToDay(d, corp.Counters[(d, bucket)])).OfType<ChannelDayStats>()]
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<bool> SaveBehaviorAsync(string corpId, DayBehavior behavior, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(behavior);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(false);
            }

            if (!_corps.TryGetValue(corpId, out var corp))
            {
                corp = new Corp();
                _corps[corpId] = corp;
            }

            corp.Behavior[behavior.Day] = behavior with
            {
                CheckedAt = DateTimeOffset.FromUnixTimeMilliseconds(behavior.CheckedAt.ToUnixTimeMilliseconds()),
                Employees = [.. behavior.Employees.OrderBy(b => b.UserId, StringComparer.Ordinal)],
            };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DayBehavior>> GetBehaviorAsync(string corpId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        var days = RedisChannelStatsStore.Days(from, to);
        lock (Gate)
        {
            IReadOnlyList<DayBehavior> result = _corps.TryGetValue(corpId, out var corp)
                ? [.. days.Where(corp.Behavior.ContainsKey).Select(d => corp.Behavior[d])]
                : [];
            return Task.FromResult(result);
        }
    }

    protected override long RemoveCorp(string corpId) => _corps.Remove(corpId, out var corp) ? corp.KeyCount : 0;

    private sealed class Entry
    {
        public required char Kind { get; init; }

        public required long Time { get; init; }

        public required string Id { get; init; }

        public required DateOnly Day { get; init; }

        public string? Bucket { get; init; }

        public string? User { get; init; }

        public string? Attribution { get; set; }

        public bool Ended { get; set; }

        private int Rank => Kind == 'a' ? 0 : 1;

        public bool Before(Entry other) =>
            Time != other.Time ? Time < other.Time
            : Rank != other.Rank ? Rank < other.Rank
            : string.CompareOrdinal(Id, other.Id) < 0;
    }

    private sealed class Corp
    {
        public Dictionary<(string User, string Customer), List<Entry>> Links { get; } = [];

        public Dictionary<string, Entry> Firsts { get; } = new(StringComparer.Ordinal);

        public Dictionary<(DateOnly Day, string Bucket), Dictionary<string, long>> Counters { get; } = [];

        public Dictionary<DateOnly, DayBehavior> Behavior { get; } = [];

        public long KeyCount => (Links.Count > 0 ? 1 : 0) + (Firsts.Count > 0 ? 1 : 0) + Counters.Count + Behavior.Count;

        public ChannelStatsResult Record(ChannelStatsEvent e)
        {
            var touched = new List<(DateOnly Day, string Bucket)>();
            var user = e.UserId;
            if (!Links.TryGetValue((user, e.ExternalUserId), out var link))
            {
                link = [];
                Links[(user, e.ExternalUserId)] = link;
            }

            if (link.Find(x => x.Id == e.EventKey) is { } seen)
            {
                Touch(touched, seen.Day, seen.Kind == 'a' ? seen.Bucket! : seen.Attribution!);
                return Answer(ChannelStatsOutcome.AlreadyCounted, touched);
            }

            var kind = e.Kind switch
            {
                ChannelEventKind.Added => 'a',
                ChannelEventKind.DeletedByCustomer => 'c',
                _ => 'e',
            };
            var bucket = ChannelBuckets.ForState(e.State);
            var entry = new Entry
            {
                Kind = kind, Time = e.OccurredAt.ToUnixTimeSeconds(), Id = e.EventKey, Day = e.Day, Bucket = kind == 'a' ? bucket : null, User = user,
            };
            var pos = link.FindIndex(entry.Before) is var found and >= 0 ? found : link.Count;
            link.Insert(pos, entry);
            var start = pos;
            if (kind == 'a')
            {
                start = pos + 1;
                Incr(touched, e.Day, bucket, user, "adds", 1);
                if (!Firsts.TryGetValue(e.ExternalUserId, out var first))
                {
                    Firsts[e.ExternalUserId] = entry;
                    Incr(touched, e.Day, bucket, user, "first", 1);
                }
                else if (entry.Before(first))
                {
                    Incr(touched, first.Day, first.Bucket!, first.User!, "first", -1);
                    Incr(touched, first.Day, first.Bucket!, first.User!, "readds", 1);
                    Firsts[e.ExternalUserId] = entry;
                    Incr(touched, e.Day, bucket, user, "first", 1);
                }
                else
                {
                    Incr(touched, e.Day, bucket, user, "readds", 1);
                }
            }

            for (var i = start; i < link.Count && link[i].Kind != 'a'; i++)
            {
                var d = link[i];
                var attribution = ChannelBuckets.Unattributed;
                for (var j = i - 1; j >= 0; j--)
                {
                    if (link[j].Kind == 'a')
                    {
                        attribution = link[j].Bucket!;
                        break;
                    }
                }

                var ended = i == 0 || link[i - 1].Kind == 'a';
                if (d.Attribution is null || d.Attribution != attribution || d.Ended != ended)
                {
                    if (d.Attribution is not null)
                    {
                        Incr(touched, d.Day, d.Attribution, user, "del_" + d.Kind, -1);
                        if (d.Ended)
                        {
                            Incr(touched, d.Day, d.Attribution, user, "lost", -1);
                        }
                    }

                    Incr(touched, d.Day, attribution, user, "del_" + d.Kind, 1);
                    if (ended)
                    {
                        Incr(touched, d.Day, attribution, user, "lost", 1);
                    }
                }

                d.Attribution = attribution;
                d.Ended = ended;
            }

            while (link.Count > IChannelStatsStore.MaxEventsPerLink)
            {
                link.RemoveAt(0);
            }

            return Answer(ChannelStatsOutcome.Counted, touched);
        }

        private void Incr(List<(DateOnly, string)> touched, DateOnly day, string bucket, string user, string name, long by)
        {
            foreach (var key in new[] { bucket, ChannelBuckets.All })
            {
                if (!Counters.TryGetValue((day, key), out var fields))
                {
                    fields = new Dictionary<string, long>(StringComparer.Ordinal);
                    Counters[(day, key)] = fields;
                }

                fields[name] = fields.GetValueOrDefault(name) + by;
                fields[name + ":" + user] = fields.GetValueOrDefault(name + ":" + user) + by;
            }

            Touch(touched, day, bucket);
        }

        private static void Touch(List<(DateOnly, string)> touched, DateOnly day, string bucket)
        {
            if (!touched.Contains((day, bucket)))
            {
                touched.Add((day, bucket));
            }
        }

        private ChannelStatsResult Answer(ChannelStatsOutcome outcome, List<(DateOnly Day, string Bucket)> touched) => new(
            outcome,
            [.. touched.Select(t => new ChannelDayTotals(t.Bucket, t.Day, Counters.TryGetValue((t.Day, t.Bucket), out var f) ? ChannelCounters.From(f) : ChannelCounters.Zero))]);
    }
}
