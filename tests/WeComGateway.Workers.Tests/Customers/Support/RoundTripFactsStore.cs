using WeComGateway.Storage.Customers;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// The in-memory facts store, but every call yields first as a Redis round trip would: concurrent consumers of one
/// customer really interleave between their read and their compare-and-set.
/// </summary>
public sealed class RoundTripFactsStore(ICustomerFactsStore inner) : ICustomerFactsStore
{
    public async Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.GetAsync(corpId, externalUserId, cancellationToken);
    }

    public async Task<bool> TryWriteAsync(string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.TryWriteAsync(corpId, externalUserId, expectedVersion, json, dueAt, cancellationToken);
    }

    public Task<CustomerPage> ListAsync(string corpId, long cursor, int count, CancellationToken cancellationToken) =>
        inner.ListAsync(corpId, cursor, count, cancellationToken);

    public async Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.CorpsAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await inner.ClaimDueAsync(corpId, now, lease, max, cancellationToken);
    }
}
