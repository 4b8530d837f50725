namespace WeComGateway.Storage.Tickets;

/// <summary>The newest suite ticket WeCom pushed for a suite (valid 30 minutes, pushed every ~10).</summary>
public sealed record SuiteTicket(string Ticket, DateTimeOffset EventTime, DateTimeOffset ReceivedAt);

/// <summary>Keeps the last good ticket per suite: an older ticket (a late retry) never replaces a newer one.</summary>
public interface ISuiteTicketStore
{
    /// <returns>False when a newer ticket was already stored.</returns>
    Task<bool> SaveAsync(string suiteId, SuiteTicket ticket, CancellationToken cancellationToken);

    Task<SuiteTicket?> GetAsync(string suiteId, CancellationToken cancellationToken);
}
