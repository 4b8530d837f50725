using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
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

/// <summary>
/// Redis going down and coming back for stores that worked until then: <see cref="Wrap{TStore}"/> puts any store
/// interface behind this switch; while <see cref="Down"/> every call fails the way the Redis stores fail
/// (<see cref="StoreUnavailableException"/>) without reaching the store.
/// </summary>
public sealed class StoreOutage
{
    private volatile bool _down;
    private int _refused;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Calls that failed because the store was down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public TStore Wrap<TStore>(TStore inner)
        where TStore : class
    {
        var proxy = DispatchProxy.Create<TStore, Switch>();
        ((Switch)(object)proxy).Bind(this, inner);
        return proxy;
    }

    /// <summary>The proxy behind <see cref="Wrap{TStore}"/>; public only because <see cref="DispatchProxy"/> needs it.</summary>
    public class Switch : DispatchProxy
    {
        private static readonly MethodInfo FailedTask = typeof(Task).GetMethods()
            .Single(m => m is { Name: nameof(Task.FromException), IsGenericMethod: true });

        private StoreOutage _outage = null!;
        private object _inner = null!;

        internal void Bind(StoreOutage outage, object inner) => (_outage, _inner) = (outage, inner);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (!_outage.Down)
            {
                try
                {
                    return targetMethod.Invoke(_inner, args);
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw; // unreachable
                }
            }

            Interlocked.Increment(ref _outage._refused);
            var down = new StoreUnavailableException(targetMethod.Name, new TimeoutException("Redis is down (simulated)"));
            var returns = targetMethod.ReturnType;
            return returns == typeof(Task) ? Task.FromException(down)
                : returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>)
                    ? FailedTask.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(null, [down])
                    : throw down;
        }
    }
}
