using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// Facts such as "days since last purchase" change without an event. Every customer write records when the
/// customer's time-based rules can next change their result (<c>RuleSet.NextReevaluation</c>) in a per-corp due index;
/// this service wakes every <see cref="ReevaluationOptions.Interval"/> (daily by default), claims the customers that
/// are due and publishes <see cref="CustomerReevaluationRequested"/> for each, so the work spreads over every worker.
/// Claims are atomic, so several replicas running it split the customers instead of doubling them.
/// </summary>
internal sealed partial class ReevaluationScheduler(
    IBus bus,
    ICustomerFactsStore facts,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<ReevaluationScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Reevaluation;
        return PeriodicPass.RunAsync(settings.Enabled, settings.InitialDelay, settings.Interval, time, RunOnceAsync, LogPassFailed, stoppingToken);
    }

    /// <summary>One pass over every corp; returns how many re-evaluations it requested.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Reevaluation;
        var requested = 0;
        foreach (var corpId in await facts.CorpsAsync(cancellationToken))
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var due = await facts.ClaimDueAsync(corpId, now, settings.ClaimLease, settings.BatchSize, cancellationToken);
                foreach (var customer in due)
                {
                    await bus.Publish(new CustomerReevaluationRequested
                    {
                        CorpId = customer.CorpId,
                        ExternalUserId = customer.ExternalUserId,
                        RequestedAt = now,
                    }, cancellationToken);
                }

                requested += due.Count;
                if (due.Count < settings.BatchSize)
                {
                    break;
                }
            }
        }

        LogPass(requested);
        return requested;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Time-based re-evaluation: {Count} customers due")]
    private partial void LogPass(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Time-based re-evaluation pass failed; the next pass picks up what was not claimed")]
    private partial void LogPassFailed(Exception exception);
}
