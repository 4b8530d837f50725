using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// First in the error pipe, after the in-process retries gave up: a failure that is not permanent is parked for a
/// delayed redelivery (<see cref="RedeliveryParking"/>) instead of going to <c>_error</c>, as long as intervals remain.
/// Everything else continues to fault generation, <see cref="FaultHeadersFilter"/> and the move to <c>_error</c>.
/// </summary>
internal sealed class RedeliveryErrorFilter(RedeliveryParking parking) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var failure = FailureClassifier.Unwrap(context.Exception);
        var redeliveries = context.TransportHeaders.Get<int>(GatewayHeaders.RedeliveryCount) ?? 0;
        var queue = context.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        if (FailureClassifier.IsPermanent(failure) || !parking.CanPark(queue, redeliveries) || !context.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit))
        {
            await next.Send(context);
            return;
        }

        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [GatewayHeaders.FaultAttempts] = FailureFacts.TotalAttempts(context),
            [MessageHeaders.FaultExceptionType] = failure.GetType().FullName,
            [MessageHeaders.FaultMessage] = failure.Message,
        };
        await parking.ParkAsync(queue, redeliveries, context.Body.GetBytes(), rabbit.Properties, headers, context.CancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("wecomgwRedelivery");
}
