using System.Globalization;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Tickets;

/// <summary>A hash at <c>wecomgw:suite:{suiteId}:ticket</c> with fields ticket, event_time, received_at (unix seconds).</summary>
public sealed class RedisSuiteTicketStore(IConnectionMultiplexer redis) : ISuiteTicketStore
{
    private const string SaveIfNewerScript = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'event_time') or '-1')
        if current > tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[1], 'ticket', ARGV[1], 'event_time', ARGV[2], 'received_at', ARGV[3])
        return 1
        """;

    public async Task<bool> SaveAsync(string suiteId, SuiteTicket ticket, CancellationToken cancellationToken)
    {
        var saved = await RedisCalls.RunAsync("suite ticket save", () => redis.GetDatabase().ScriptEvaluateAsync(
            SaveIfNewerScript,
            [RedisKeys.SuiteTicket(suiteId)],
            [ticket.Ticket, ticket.EventTime.ToUnixTimeSeconds(), ticket.ReceivedAt.ToUnixTimeSeconds()]));
        return (int)saved == 1;
    }

    public async Task<SuiteTicket?> GetAsync(string suiteId, CancellationToken cancellationToken)
    {
        var fields = await RedisCalls.RunAsync("suite ticket read", () => redis.GetDatabase().HashGetAsync(
            RedisKeys.SuiteTicket(suiteId), ["ticket", "event_time", "received_at"]));
        if (fields[0].IsNull)
        {
            return null;
        }

        return new SuiteTicket(
            fields[0].ToString(),
            FromUnix(fields[1]),
            FromUnix(fields[2]));
    }

    private static DateTimeOffset FromUnix(RedisValue value) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(value.ToString(), CultureInfo.InvariantCulture));
}
