using WeComGateway.Contracts;
using MessageHeaders = MassTransit.MessageHeaders;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>How often the message was tried before it was dead-lettered; each is null when its header is absent.</summary>
/// <param name="Retries"><c>MT-Fault-RetryCount</c>: in-process retries MassTransit made.</param>
/// <param name="Attempts"><c>wecomgw-fault-attempts</c>: consumer runs the worker counted.</param>
/// <param name="Redeliveries"><c>wecomgw-redelivery-count</c>, else <c>MT-Fault-RedeliveryCount</c>.</param>
public sealed record AttemptCounts(long? Retries, long? Attempts, long? Redeliveries)
{
    public static AttemptCounts From(IDictionary<string, object?>? headers) => new(
        HeaderValues.Number(headers, MessageHeaders.FaultRetryCount),
        HeaderValues.Number(headers, GatewayHeaders.FaultAttempts),
        HeaderValues.Number(headers, GatewayHeaders.RedeliveryCount) ?? HeaderValues.Number(headers, MessageHeaders.FaultRedeliveryCount));
}
