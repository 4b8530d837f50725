using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Leads;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Leads;

/// <summary>
/// Every <see cref="LeadOptions.Interval"/>: for each corp with lead work, claims the due leads (reminders not
/// confirmed, deadlines passed) and handles them, then assigns the waiting leads (caps free again on a new day). Claims
/// (a lease on each due lead) and the store's compare-and-set on the rotation make several replicas safe: they split
/// the due leads and never give one lead to two employees.
/// </summary>
internal sealed partial class LeadScheduler(
    IServiceScopeFactory scopes,
    IBus bus,
    ILeadStore store,
    IOptions<LeadOptions> options,
    TimeProvider time,
    ILogger<LeadScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PeriodicPass.RunAsync(settings.SchedulerEnabled, settings.InitialDelay, settings.Interval, time, RunOnceAsync, LogPassFailed, stoppingToken);
    }

    /// <summary>One pass over every corp with lead work; returns how many due leads it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var pool = scope.ServiceProvider.GetRequiredService<LeadPool>();
        var handled = 0;
        foreach (var corpId in await store.CorpsAsync(cancellationToken))
        {
            try
            {
                while (true)
                {
                    var due = await store.ClaimDueAsync(corpId, time.GetUtcNow(), settings.ClaimLease, settings.BatchSize, cancellationToken);
                    foreach (var leadId in due)
                    {
                        await pool.HandleDueAsync(corpId, leadId, bus, cancellationToken);
                    }

                    handled += due.Count;
                    if (due.Count < settings.BatchSize)
                    {
                        break;
                    }
                }

                await pool.AssignWaitingAsync(corpId, bus, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCorpFailed(ex, corpId); // the leases bring its leads back at the next pass
            }
        }

        return handled;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lead pool pass failed; the next pass picks up what was not handled")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lead pool pass failed for corp {CorpId}; its claimed leads come back after the lease")]
    private partial void LogCorpFailed(Exception exception, string corpId);
}
