using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Moments;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Moments;

/// <summary>
/// Every <see cref="MomentOptions.Interval"/>: for each corp with due moments, claims them (a lease in the store's due
/// index, so replicas split them and never handle one twice at a time) and moves each on a step with
/// <see cref="MomentPublisher"/>: tasks not created yet, tasks to read again (backoff), endings not announced yet.
/// </summary>
internal sealed partial class MomentScheduler(
    IServiceScopeFactory scopes,
    IBus bus,
    IMomentStore store,
    IOptions<MomentOptions> options,
    TimeProvider time,
    ILogger<MomentScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PeriodicPass.RunAsync(settings.SchedulerEnabled, settings.InitialDelay, settings.Interval, time, RunOnceAsync, LogPassFailed, stoppingToken);
    }

    /// <summary>One pass over every corp with due moments; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<MomentPublisher>();
        var owner = NewId.NextGuid().ToString("N");
        var handled = 0;
        foreach (var corpId in await store.CorpsAsync(cancellationToken))
        {
            try
            {
                while (true)
                {
                    var due = await store.ClaimDueAsync(corpId, time.GetUtcNow(), settings.ClaimLease, settings.BatchSize, cancellationToken);
                    foreach (var momentId in due)
                    {
                        await publisher.HandleAsync(corpId, momentId, bus, owner, cancellationToken);
                    }

                    handled += due.Count;
                    if (due.Count < settings.BatchSize)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCorpFailed(ex, corpId); // the leases bring its moments back at a later pass
            }
        }

        return handled;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Moment pass failed; the next pass picks up what was not handled")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moment pass failed for corp {CorpId}; its claimed moments come back after the lease")]
    private partial void LogCorpFailed(Exception exception, string corpId);
}
