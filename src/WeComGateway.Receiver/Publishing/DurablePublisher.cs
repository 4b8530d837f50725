using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Configuration;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Storage;
using WeComGateway.Storage.Outbox;

namespace WeComGateway.Receiver.Publishing;

public enum Durability
{
    /// <summary>The broker confirmed the publish.</summary>
    Confirmed,

    /// <summary>The broker did not confirm in time; the event is in the fallback outbox and the relay will forward it.</summary>
    Spooled,

    /// <summary>Neither the broker nor the outbox took the event: do not answer success.</summary>
    Failed,
}

/// <summary>
/// Makes an event durable within a time budget: a confirmed publish, else an outbox append. A publish that missed
/// its budget keeps going in the background; if it is confirmed after all, its outbox entry is removed so that the
/// relay does not send it a second time.
/// </summary>
public sealed class DurablePublisher(
    IEventPublisher publisher,
    ICallbackOutbox outbox,
    ReceiverMetrics metrics,
    TimeProvider time,
    IOptions<ReceiverOptions> options,
    ILogger<DurablePublisher> logger)
{
    /// <summary>
    /// Runs in the request's span and opens <c>wecomgw.publish</c> below it: MassTransit's send span (and so the
    /// consumer's) is its child, also when the publish finishes in the background after the budget.
    /// </summary>
    public async Task<Durability> PublishAsync(WeComCallbackEvent message, TimeSpan confirmBudget)
    {
        using var activity = ReceiverActivities.Source.StartActivity("wecomgw.publish")
            .TagCallback(message.SuiteId, message.CorpId, message.DedupeKey);
        var started = time.GetTimestamp();
        var durability = await MakeDurableAsync(message, confirmBudget);
        var outcome = durability switch
        {
            Durability.Confirmed => "confirmed",
            Durability.Spooled => "spooled",
            _ => "failed",
        };
        metrics.PublishDuration(time.GetElapsedTime(started), outcome);
        activity?.SetTag("wecomgw.durability", outcome);
        if (durability == Durability.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "neither the broker nor the outbox took the event");
        }

        return durability;
    }

    private async Task<Durability> MakeDurableAsync(WeComCallbackEvent message, TimeSpan confirmBudget)
    {
        // Not linked to the request: once started, the publish finishes even if WeCom hangs up.
        var background = new CancellationTokenSource(options.Value.BackgroundPublishDeadline, time);
        var publish = publisher.PublishAsync(message, background.Token);
        string reason;
        try
        {
            await publish.WaitAsync(confirmBudget, time);
            background.Dispose();
            return Durability.Confirmed;
        }
        catch (TimeoutException)
        {
            reason = "confirm_timeout";
            logger.LogWarning("Broker did not confirm {DedupeKey} within {Budget}; using the fallback outbox", message.DedupeKey, confirmBudget);
        }
        catch (Exception ex)
        {
            reason = "publish_failed";
            logger.LogWarning(ex, "Publish of {DedupeKey} failed; using the fallback outbox", message.DedupeKey);
        }

        string entryId;
        try
        {
            var traceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
            entryId = await outbox.AppendAsync(OutboxSerializer.ToEntry(message, time.GetUtcNow(), traceParent), CancellationToken.None);
            metrics.Appended(reason);
        }
        catch (StoreUnavailableException ex)
        {
            await background.CancelAsync();
            background.Dispose();
            logger.LogError(ex, "Neither the broker nor the outbox took {DedupeKey}", message.DedupeKey);
            return Durability.Failed;
        }

        _ = SettleWhenPublishEndsAsync(publish, entryId, message.DedupeKey, background);
        return Durability.Spooled;
    }

    [SuppressMessage("Usage", "VSTHRD003", Justification = "MakeDurableAsync started the publish; this only awaits its end.")]
    private async Task SettleWhenPublishEndsAsync(Task publish, string entryId, string dedupeKey, CancellationTokenSource background)
    {
        using (background)
        {
            try
            {
                await publish;
            }
            catch (Exception)
            {
                return; // the relay forwards the entry once the broker is back
            }

            try
            {
                await outbox.RemoveAsync(entryId, CancellationToken.None);
                metrics.SettledByLateConfirm();
            }
            catch (StoreUnavailableException ex)
            {
                logger.LogWarning(ex, "Could not drop outbox entry {EntryId} of late-confirmed {DedupeKey}; the relay will send it again", entryId, dedupeKey);
            }
        }
    }
}
