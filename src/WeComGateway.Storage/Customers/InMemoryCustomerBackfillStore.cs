using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Customers;

/// <summary>The embedded default: the same claims as <see cref="RedisCustomerBackfillStore"/> within one process, lost on restart.</summary>
public sealed class InMemoryCustomerBackfillStore : InMemoryCorpData, ICustomerBackfillStore
{
    private readonly Dictionary<string, BackfillProgress> _progress = new(StringComparer.Ordinal);

    public Task<BackfillProgress?> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_progress.GetValueOrDefault(corpId));
        }
    }

    public Task<BackfillStart> StartAsync(string corpId, string runId, bool again, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        lock (Gate)
        {
            var stored = _progress.GetValueOrDefault(corpId);
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(new BackfillStart(BackfillStartResult.NotAuthorized, stored));
            }

            if (stored is { State: BackfillState.Running })
            {
                // Whole milliseconds, as Redis keeps them.
                var updated = stored.UpdatedAt.ToUnixTimeMilliseconds();
                if (stored.RunId != runId && updated + (long)lease.TotalMilliseconds > now.ToUnixTimeMilliseconds())
                {
                    return Task.FromResult(new BackfillStart(BackfillStartResult.Busy, stored));
                }

                _progress[corpId] = stored with { RunId = runId, UpdatedAt = Millis(now) };
                return Task.FromResult(new BackfillStart(BackfillStartResult.Resumed, _progress[corpId]));
            }

            if (stored is { State: BackfillState.Done } && (stored.RunId == runId || !again))
            {
                return Task.FromResult(new BackfillStart(BackfillStartResult.AlreadyDone, stored));
            }

            _progress[corpId] = new BackfillProgress { RunId = runId, State = BackfillState.Running, StartedAt = Millis(now), UpdatedAt = Millis(now) };
            return Task.FromResult(new BackfillStart(BackfillStartResult.Started, _progress[corpId]));
        }
    }

    public Task<bool> SaveAsync(string corpId, BackfillProgress progress, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(progress);
        lock (Gate)
        {
            if (!IsAdmitted(corpId) || _progress.GetValueOrDefault(corpId) is not { State: BackfillState.Running } stored || stored.RunId != progress.RunId)
            {
                return Task.FromResult(false);
            }

            _progress[corpId] = progress with { StartedAt = Millis(progress.StartedAt), UpdatedAt = Millis(progress.UpdatedAt), Error = progress.Error is { Length: > 0 } ? progress.Error : null };
            return Task.FromResult(true);
        }
    }

    protected override long RemoveCorp(string corpId) => _progress.Remove(corpId) ? 1 : 0;

    private static DateTimeOffset Millis(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
