using System.Collections.Concurrent;

namespace WeComGateway.Storage.Tickets;

public sealed class InMemorySuiteTicketStore : ISuiteTicketStore
{
    private readonly ConcurrentDictionary<string, SuiteTicket> _tickets = new(StringComparer.Ordinal);

    public Task<bool> SaveAsync(string suiteId, SuiteTicket ticket, CancellationToken cancellationToken)
    {
        var stored = _tickets.AddOrUpdate(suiteId, ticket, (_, current) => current.EventTime > ticket.EventTime ? current : ticket);
        return Task.FromResult(ReferenceEquals(stored, ticket));
    }

    public Task<SuiteTicket?> GetAsync(string suiteId, CancellationToken cancellationToken) =>
        Task.FromResult(_tickets.TryGetValue(suiteId, out var ticket) ? ticket : null);
}
