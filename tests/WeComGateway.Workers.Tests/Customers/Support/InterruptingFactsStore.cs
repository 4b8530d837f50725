using System.Collections.Concurrent;
using WeComGateway.Storage;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// The in-memory facts store, with interruptions a test arms for the writes to come: another worker writing the
/// customer just before a write (its compare-and-set then conflicts), or the worker dying at a write — after it was
/// stored, so the consumer never hears back, or before. A death throws <see cref="StoreUnavailableException"/>, so the
/// message is retried on a fresh consumer, as a redelivery after a crash would be.
/// </summary>
public sealed class InterruptingFactsStore(ICustomerFactsStore inner) : ICustomerFactsStore
{
    private readonly ConcurrentQueue<Func<ICustomerFactsStore, Task>> _otherWriters = new();
    private readonly Lock _gate = new();
    private int _writes;
    private (int Write, bool AfterStoring)? _death;

    /// <summary>Compare-and-set writes refused because the version had moved on.</summary>
    public int Conflicts { get; private set; }

    /// <summary>Runs <paramref name="otherWorker"/> against the store just before the next write.</summary>
    public void BeforeNextWrite(Func<ICustomerFactsStore, Task> otherWorker) => _otherWriters.Enqueue(otherWorker);

    /// <summary>The worker dies at the <paramref name="nth"/> write from now (1: the next one).</summary>
    public void DieAtWrite(int nth, bool afterStoring)
    {
        lock (_gate)
        {
            _death = (_writes + nth, afterStoring);
        }
    }

    public Task<VersionedFacts?> GetAsync(string corpId, string externalUserId, CancellationToken cancellationToken) =>
        inner.GetAsync(corpId, externalUserId, cancellationToken);

    public async Task<bool> TryWriteAsync(string corpId, string externalUserId, long expectedVersion, string json, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        if (_otherWriters.TryDequeue(out var otherWorker))
        {
            await otherWorker(inner);
        }

        bool dies, afterStoring;
        lock (_gate)
        {
            _writes++;
            dies = _death?.Write == _writes;
            afterStoring = _death?.AfterStoring == true;
        }

        if (dies && !afterStoring)
        {
            throw Died();
        }

        var written = await inner.TryWriteAsync(corpId, externalUserId, expectedVersion, json, dueAt, cancellationToken);
        if (!written)
        {
            lock (_gate)
            {
                Conflicts++;
            }
        }

        return dies ? throw Died() : written;
    }

    public Task<CustomerPage> ListAsync(string corpId, long cursor, int count, CancellationToken cancellationToken) =>
        inner.ListAsync(corpId, cursor, count, cancellationToken);

    public Task<IReadOnlyList<string>> CorpsAsync(CancellationToken cancellationToken) => inner.CorpsAsync(cancellationToken);

    public Task<IReadOnlyList<CustomerRef>> ClaimDueAsync(string corpId, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        inner.ClaimDueAsync(corpId, now, lease, max, cancellationToken);

    private static StoreUnavailableException Died() => new("customer facts write", new IOException("the worker died here (simulated)"));
}
