using System.Reflection;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Options;
using WeComGateway.Admin;
using WeComGateway.Automation.Webhooks;

namespace WeComGateway.Workers.Webhooks;

/// <summary>
/// Every record the gateway publishes passes here (one consumer per type, all on the queue <c>webhook-fan-out</c>):
/// for each of the corp's subscriptions that chose the record's name, one <see cref="WebhookDelivery"/> — with the
/// contract as the bus carries it (camelCase JSON) and a webhook-id derived from this message's id, so a redelivery of
/// it sends the same ids again. Events without a corp (suite tickets) have no subscribers.
/// </summary>
internal sealed class WebhookFanOutConsumer<T>(WebhookSubscriptions subscriptions, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
    : IConsumer<T>
    where T : class
{
    private static readonly Func<T, string?> CorpOf = CorpReader();

    public async Task Consume(ConsumeContext<T> context)
    {
        if (!options.CurrentValue.Enabled || CorpOf(context.Message) is not { Length: > 0 } corpId)
        {
            return;
        }

        var wanted = (await subscriptions.ForAsync(corpId, context.CancellationToken)).Where(s => s.Wants(typeof(T).Name)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var data = JsonSerializer.SerializeToNode(context.Message, SystemTextJsonMessageSerializer.Options);
        var payload = WebhookEvents.Payload(typeof(T).Name, context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : time.GetUtcNow(), data);
        var sourceId = (context.MessageId ?? NewId.NextGuid()).ToString("N");
        foreach (var subscription in wanted)
        {
            await context.Publish(new WebhookDelivery
            {
                CorpId = corpId,
                SubscriptionId = subscription.Id,
                EventType = typeof(T).Name,
                WebhookId = WebhookEvents.WebhookIdOf(sourceId, subscription.Id),
                Payload = payload,
            });
        }
    }

    private static Func<T, string?> CorpReader()
    {
        var property = typeof(T).GetProperty("CorpId", BindingFlags.Public | BindingFlags.Instance);
        return property?.PropertyType == typeof(string) ? message => (string?)property.GetValue(message) : _ => null;
    }
}
