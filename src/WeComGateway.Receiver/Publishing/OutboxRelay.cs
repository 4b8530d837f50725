using System.Diagnostics;
using Microsoft.Extensions.Options;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Configuration;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Storage;
using WeComGateway.Storage.Outbox;

namespace WeComGateway.Receiver.Publishing;

/// <summary>
/// Forwards the fallback outbox to the broker, oldest first, one relay across all replicas (a Redis lease). An entry is
/// removed only after the broker confirmed it; the first failure stops the pass so order is kept.
/// </summary>
public sealed class OutboxRelay(
    ICallbackOutbox outbox,
    IEventPublisher publisher,
    ReceiverMetrics metrics,
    TimeProvider time,
    IOptions<ReceiverOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RelayOnceAsync(stoppingToken);
            }
            catch (StoreUnavailableException ex)
            {
                logger.LogDebug(ex, "Outbox unreachable; relay will retry");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox relay pass failed");
            }

            await Task.Delay(options.Value.RelayInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <returns>How many entries were forwarded.</returns>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var depth = await outbox.CountAsync(cancellationToken);
        metrics.OutboxDepth(depth);
        if (depth == 0 || !await outbox.TryAcquireRelayLeaseAsync(_owner, TimeSpan.FromSeconds(30), cancellationToken))
        {
            return 0;
        }

        var forwarded = 0;
        try
        {
            foreach (var stored in await outbox.ReadOldestAsync(BatchSize, cancellationToken))
            {
                if (time.GetUtcNow() - stored.Entry.AppendedAt < options.Value.RelayGrace)
                {
                    break; // its own background publish may still land
                }

                if (!await ForwardAsync(stored, cancellationToken))
                {
                    break;
                }

                forwarded++;
            }
        }
        finally
        {
            await outbox.ReleaseRelayLeaseAsync(_owner, CancellationToken.None);
        }

        if (forwarded > 0)
        {
            logger.LogInformation("Outbox relay forwarded {Count} events to the broker", forwarded);
            metrics.OutboxDepth(await outbox.CountAsync(cancellationToken));
        }

        return forwarded;
    }

    private async Task<bool> ForwardAsync(StoredOutboxEntry stored, CancellationToken cancellationToken)
    {
        var message = OutboxSerializer.FromEntry(stored.Entry);
        // The trace of the request that spooled the entry goes on: relay span → MassTransit send → consumer.
        ActivityContext.TryParse(stored.Entry.TraceParent, null, out var spooledBy);
        using var activity = ReceiverActivities.Source.StartActivity("wecomgw.outbox.relay", ActivityKind.Internal, spooledBy)
            .TagCallback(message.SuiteId, message.CorpId, message.DedupeKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.PublishConfirmBudget * 2);
        try
        {
            await publisher.PublishAsync(message, deadline.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Broker still unavailable; {DedupeKey} stays in the outbox", stored.Entry.DedupeKey);
            activity?.SetStatus(ActivityStatusCode.Error, "broker unavailable");
            return false;
        }

        await outbox.RemoveAsync(stored.Id, CancellationToken.None);
        metrics.Relayed();
        return true;
    }
}
