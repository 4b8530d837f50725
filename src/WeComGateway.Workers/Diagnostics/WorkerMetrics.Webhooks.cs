using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The outgoing-webhook instrument (docs/observability.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _webhookDeliveries = null!;

    /// <param name="outcome">
    /// <c>delivered</c> (2xx), <c>retried</c> (5xx, 408, 429, timeout, connection failure: thrown for retry),
    /// <c>rejected</c> (any other 4xx: to <c>_error</c>) or <c>dropped</c> (the subscription was removed or disabled).
    /// </param>
    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private void CreateWebhookInstruments(Meter meter) =>
        _webhookDeliveries = meter.CreateCounter<long>(
            "wecomgw.webhooks.deliveries", description: "Webhook POST attempts and skipped deliveries, by outcome (delivered, retried, rejected, dropped).");
}
