using System.Globalization;
using System.Net;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Admin;
using WeComGateway.Automation.Webhooks;
using WeComGateway.Contracts;
using WeComGateway.Storage.Webhooks;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Webhooks;

/// <summary>
/// Sends one <see cref="WebhookDelivery"/> (queue <c>webhook-delivery</c>): signs it with the subscription's secret for
/// this attempt's timestamp and POSTs it. A 2xx is done; any other 4xx but 408 and 429 is the receiver refusing it for
/// good (<see cref="WebhookRejectedException"/>, straight to <c>_error</c>); everything else throws for the retries
/// and the redeliveries of <see cref="WebhookOptions.RedeliveryIntervals"/>. A subscription removed or disabled meanwhile
/// drops it.
/// </summary>
internal sealed partial class WebhookDeliveryConsumer(
    IWebhookStore store,
    IHttpClientFactory httpClients,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<WebhookDeliveryConsumer> logger) : IConsumer<WebhookDelivery>
{
    public const string HttpClientName = "webhooks";

    public async Task Consume(ConsumeContext<WebhookDelivery> context)
    {
        var delivery = context.Message;
        var subscription = await store.GetAsync(delivery.CorpId, delivery.SubscriptionId, context.CancellationToken);
        var secret = subscription is null ? null : await store.SecretAsync(delivery.CorpId, delivery.SubscriptionId, context.CancellationToken);
        var current = options.CurrentValue;
        if (subscription is null || secret is null || !(subscription.Enabled || delivery.EventType == WebhookEvents.Ping)
            || WebhookUrls.Problem(subscription.Url, current.AllowInsecureLoopback) is not null)
        {
            metrics.WebhookDelivery("dropped");
            LogDropped(delivery.SubscriptionId, delivery.CorpId, delivery.EventType);
            return;
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(StandardWebhookSigner.IdHeader, delivery.WebhookId);
        request.Headers.Add(StandardWebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSigner.SignatureHeader, StandardWebhookSigner.Sign(secret, delivery.WebhookId, timestamp, delivery.Payload));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(current.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.CancellationToken.IsCancellationRequested))
        {
            metrics.WebhookDelivery("retried");
            throw new WebhookDeliveryException(delivery.SubscriptionId, e is OperationCanceledException ? "timed out" : "could not connect", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                metrics.WebhookDelivery("delivered");
                LogDelivered(delivery.EventType, delivery.WebhookId, delivery.SubscriptionId, delivery.CorpId, status);
                return;
            }

            if (status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                metrics.WebhookDelivery("rejected");
                throw new WebhookRejectedException(delivery.SubscriptionId, status);
            }

            metrics.WebhookDelivery("retried");
            throw new WebhookDeliveryException(delivery.SubscriptionId, $"answered {status}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} {WebhookId} delivered to subscription {SubscriptionId} of corp {CorpId}: {Status}")]
    private partial void LogDelivered(string eventType, string webhookId, string subscriptionId, string corpId, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} for subscription {SubscriptionId} of corp {CorpId} dropped: the subscription is gone, disabled or its URL no longer allowed")]
    private partial void LogDropped(string subscriptionId, string corpId, string eventType);
}

/// <summary>A delivery that may succeed later (5xx, 408, 429, timeout, no connection): retried, then redelivered for hours.</summary>
internal sealed class WebhookDeliveryException(string subscriptionId, string what, Exception? inner = null)
    : Exception($"Webhook subscription {subscriptionId}: the endpoint {what}", inner);

/// <summary>The receiver refused the delivery with a 4xx other than 408/429: it will refuse it again, so it goes to <c>_error</c>.</summary>
internal sealed class WebhookRejectedException(string subscriptionId, int status)
    : Exception($"Webhook subscription {subscriptionId}: the endpoint refused the delivery with {status}"), IPermanentFailure
{
    public int Status { get; } = status;
}
