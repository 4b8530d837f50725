using System.Collections.Concurrent;

namespace WeComGateway.Storage.Tickets;

/// <summary>The embedded default: times kept in whole seconds, as <see cref="RedisSuiteTicketStore"/> keeps them.</summary>
public sealed class InMemorySuiteTicketStore : ISuiteTicketStore
{
    private readonly ConcurrentDictionary<string, SuiteTicket> _tickets = new(StringComparer.Ordinal);

    public Task<bool> SaveAsync(string suiteId, SuiteTicket ticket, CancellationToken cancellationToken)
    {
        var seconds = new SuiteTicket(ticket.Ticket, WholeSeconds(ticket.EventTime), WholeSeconds(ticket.ReceivedAt));
        var stored = _tickets.AddOrUpdate(suiteId, seconds, (_, current) => current.EventTime > seconds.EventTime ? current : seconds);
        return Task.FromResult(ReferenceEquals(stored, seconds));
    }

    public Task<SuiteTicket?> GetAsync(string suiteId, CancellationToken cancellationToken) =>
        Task.FromResult(_tickets.TryGetValue(suiteId, out var ticket) ? ticket : null);

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
