using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Outbox;

/// <summary>The stream <c>wecomgw:outbox</c>; the relay lease is <c>wecomgw:lock:outbox-relay</c>.</summary>
public sealed class RedisCallbackOutbox(IConnectionMultiplexer redis) : ICallbackOutbox
{
    private static readonly RedisKey RelayLease = RedisKeys.Lock("outbox-relay");

    public async Task<string> AppendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        NameValueEntry[] fields =
        [
            new("type", entry.MessageType),
            new("body", entry.Body),
            new("dedupe", entry.DedupeKey),
            new("suite", entry.SuiteId),
            new("corp", entry.CorpId ?? string.Empty),
            new("appended_at", entry.AppendedAt.ToUnixTimeMilliseconds()),
            new("traceparent", entry.TraceParent ?? string.Empty),
        ];
        var id = await RedisCalls.RunAsync("outbox append", () => redis.GetDatabase().StreamAddAsync(RedisKeys.Outbox, fields));
        return id.ToString();
    }

    public async Task<IReadOnlyList<StoredOutboxEntry>> ReadOldestAsync(int count, CancellationToken cancellationToken)
    {
        var entries = await RedisCalls.RunAsync("outbox read", () => redis.GetDatabase().StreamRangeAsync(RedisKeys.Outbox, count: count));
        return entries.Select(ToStored).ToList();
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("outbox remove", () => redis.GetDatabase().StreamDeleteAsync(RedisKeys.Outbox, [id]));

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("outbox count", () => redis.GetDatabase().StreamLengthAsync(RedisKeys.Outbox));

    public Task<bool> TryAcquireRelayLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("outbox lease", async () =>
        {
            var db = redis.GetDatabase();
            return await db.LockTakeAsync(RelayLease, owner, ttl) || await db.LockExtendAsync(RelayLease, owner, ttl);
        });

    public Task ReleaseRelayLeaseAsync(string owner, CancellationToken cancellationToken) =>
        RedisCalls.RunAsync("outbox lease release", () => redis.GetDatabase().LockReleaseAsync(RelayLease, owner));

    private static StoredOutboxEntry ToStored(StreamEntry entry)
    {
        string Field(string name) => entry[name].ToString();
        var corp = Field("corp");
        var traceParent = Field("traceparent"); // absent in entries written before it was added
        return new StoredOutboxEntry(
            entry.Id.ToString(),
            new OutboxEntry(
                Field("type"),
                Field("body"),
                Field("dedupe"),
                Field("suite"),
                corp.Length == 0 ? null : corp,
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Field("appended_at"), CultureInfo.InvariantCulture)),
                traceParent.Length == 0 ? null : traceParent));
    }
}
