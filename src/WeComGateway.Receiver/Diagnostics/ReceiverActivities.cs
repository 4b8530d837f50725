using System.Diagnostics;
using WeComGateway.Hosting;

namespace WeComGateway.Receiver.Diagnostics;

/// <summary>
/// The receiver's spans (source <c>WeComGateway.Receiver</c>): <c>wecomgw.publish</c> around making one event durable,
/// inside the request's span, and <c>wecomgw.outbox.relay</c> when the relay forwards an entry later, parented to the
/// publish span that spooled it, so one trace runs from WeCom's POST to the consumer even through an outage.
/// </summary>
public static class ReceiverActivities
{
    public static readonly ActivitySource Source = new(GatewayTelemetry.Receiver);
}
