using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Campaigns;

/// <summary>
/// Every <see cref="CampaignOptions.Interval"/>: for each corp with campaign work, claims the campaigns whose next step
/// is due (a lease, so several replicas split them) and publishes <see cref="CampaignDue"/> for each; the
/// <c>campaign</c> queue runs the step, which is safe to run twice. A lost publish comes back when the lease passes.
/// </summary>
internal sealed partial class CampaignScheduler(
    IBus bus,
    ICampaignStore store,
    IOptions<CampaignOptions> options,
    TimeProvider time,
    ILogger<CampaignScheduler> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PeriodicPass.RunAsync(settings.SchedulerEnabled, settings.InitialDelay, settings.Interval, time, RunOnceAsync, LogPassFailed, stoppingToken);
    }

    /// <summary>One pass over every corp with campaign work; returns how many steps it published.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var corpId in await store.CorpsAsync(cancellationToken))
        {
            try
            {
                var now = time.GetUtcNow();
                foreach (var campaignId in await store.ClaimDueAsync(corpId, now, options.Value.ClaimLease, BatchSize, cancellationToken))
                {
                    await bus.Publish(new CampaignDue { CorpId = corpId, CampaignId = campaignId, DueAt = now }, cancellationToken);
                    published++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCorpFailed(ex, corpId); // its claimed campaigns come back after the lease
            }
        }

        return published;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign scheduler pass failed; the next pass picks up what was not published")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign scheduler pass failed for corp {CorpId}; its claimed campaigns come back after the lease")]
    private partial void LogCorpFailed(Exception exception, string corpId);
}
