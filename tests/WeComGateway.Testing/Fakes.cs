using System.Collections.Concurrent;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Storage;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Outbox;

namespace WeComGateway.Testing;

/// <summary>A broker stand-in: confirms at once, never confirms (down), or refuses, switchable at run time.</summary>
public sealed class ControllableBroker : IEventPublisher
{
    public enum Mode { Confirm, Hang, Refuse, Slow }

    public ConcurrentQueue<WeComCallbackEvent> Published { get; } = new();

    public Mode Current { get; set; } = Mode.Confirm;

    /// <summary>How long a confirm takes in <see cref="Mode.Slow"/>.</summary>
    public TimeSpan SlowConfirm { get; set; } = TimeSpan.FromMilliseconds(500);

    public async Task PublishAsync(WeComCallbackEvent message, CancellationToken cancellationToken)
    {
        switch (Current)
        {
            case Mode.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case Mode.Slow:
                await Task.Delay(SlowConfirm, cancellationToken);
                Published.Enqueue(message);
                break;
            case Mode.Refuse:
                throw new InvalidOperationException("broker refused the connection");
            default:
                Published.Enqueue(message);
                break;
        }
    }
}

/// <summary>A Redis that cannot be reached: every call fails the way the real stores fail.</summary>
public sealed class UnreachableStore : IClaimStore, ICallbackOutbox
{
    public Task<ClaimOutcome> TryClaimAsync(ClaimKey key, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken) => Fail<ClaimOutcome>();

    public Task FinalizeAsync(ClaimKey key, TimeSpan keep, CancellationToken cancellationToken) => Fail<bool>();

    public Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken) => Fail<bool>();

    public Task<string> AppendAsync(OutboxEntry entry, CancellationToken cancellationToken) => Fail<string>();

    public Task<IReadOnlyList<StoredOutboxEntry>> ReadOldestAsync(int count, CancellationToken cancellationToken) => Fail<IReadOnlyList<StoredOutboxEntry>>();

    public Task RemoveAsync(string id, CancellationToken cancellationToken) => Fail<bool>();

    public Task<long> CountAsync(CancellationToken cancellationToken) => Fail<long>();

    public Task<bool> TryAcquireRelayLeaseAsync(string owner, TimeSpan ttl, CancellationToken cancellationToken) => Fail<bool>();

    public Task ReleaseRelayLeaseAsync(string owner, CancellationToken cancellationToken) => Fail<bool>();

    private static Task<T> Fail<T>() => Task.FromException<T>(new StoreUnavailableException("test", new TimeoutException("connection refused")));
}
