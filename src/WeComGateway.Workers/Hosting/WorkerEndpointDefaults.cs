using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;

namespace WeComGateway.Workers.Hosting;

internal static class WorkerEndpointDefaults
{
    /// <summary>
    /// What every worker endpoint gets: exponential jittered in-process retry that skips permanent failures
    /// (<see cref="FailureClassifier"/>) and the in-memory outbox, so a consumer publishes only when it succeeded. A
    /// message that still fails is parked for a delayed redelivery through TTL queues (RabbitMQ only,
    /// <see cref="RedeliveryErrorFilter"/>), and after the last one — or at once when permanent — goes to
    /// <c>_error</c> with the fault headers (<see cref="WeComGateway.Contracts.GatewayHeaders"/>) added.
    /// The worker host passes it to <c>AddGatewayBus</c> with its consumers; tests call it on the MassTransit test
    /// harness too.
    /// </summary>
    public static IBusRegistrationConfigurator AddWorkerEndpointDefaults(this IBusRegistrationConfigurator bus)
    {
        bus.AddValidatedOptions<WorkerRetryOptions>(WorkerRetryOptions.SectionName);
        bus.AddValidatedOptions<RedeliveryOptions>(RedeliveryOptions.SectionName);
        bus.TryAddSingleton<RedeliveryParking>();
        bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
        {
            var retry = context.GetRequiredService<IOptions<WorkerRetryOptions>>().Value;
            endpoint.UseConsumeFilter(typeof(Diagnostics.LogScopeFilter<>), context); // log scope + span tags: CorpId, DedupeKey
            endpoint.UseMessageRetry(r => FailureClassifier.Configure(r, retry));
            endpoint.UseInMemoryOutbox(context);
            var parking = context.GetRequiredService<RedeliveryParking>();
            endpoint.ConfigureError(error =>
            {
                error.UseFilter(new RedeliveryErrorFilter(parking));
                error.UseFilter(new GenerateFaultFilter());
                error.UseFilter(new FaultHeadersFilter());
                error.UseFilter(new ErrorTransportFilter());
            });
        });
        return bus;
    }
}
