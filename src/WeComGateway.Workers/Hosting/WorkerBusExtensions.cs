using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Hosting;

public static class WorkerBusExtensions
{
    private static readonly object ConsumersKey = new();

    /// <summary>A worker feature declares its consumers here; <see cref="AddWorkerBus"/> registers them all.</summary>
    public static IHostApplicationBuilder AddWorkerConsumers(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> register)
    {
        Registrations(builder).Add(register);
        return builder;
    }

    /// <summary>
    /// MassTransit with every declared consumer: RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, otherwise the
    /// in-memory transport. Call after the worker features (<c>AddAuthorizationWorker</c>, …).
    /// </summary>
    public static IHostApplicationBuilder AddWorkerBus(this IHostApplicationBuilder builder)
    {
        var registrations = Registrations(builder);
        if (registrations.Count == 0)
        {
            throw new InvalidOperationException("No worker consumers: call AddAuthorizationWorker() (or another worker feature) before AddWorkerBus().");
        }

        var rabbit = builder.Configuration.GetConnectionString(RabbitMqHost.ConnectionName);
        builder.Services.AddMassTransit(bus =>
        {
            // Workers:QueuePrefix isolates environments that share a vhost (queues become "{prefix}-authorization-created").
            var prefix = builder.Configuration["Workers:QueuePrefix"];
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(string.IsNullOrWhiteSpace(prefix) ? null : prefix, false));
            foreach (var register in registrations)
            {
                register(bus);
            }

            bus.AddWorkerEndpointDefaults();
            if (string.IsNullOrWhiteSpace(rabbit))
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                RabbitMqHost.Configure(cfg, new Uri(rabbit));
                context.GetRequiredService<RedeliveryParking>().UseBroker(new Uri(rabbit));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options => options.StopTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>
    /// What every worker endpoint gets: exponential jittered in-process retry that skips permanent failures
    /// (<see cref="FailureClassifier"/>) and the in-memory outbox, so a consumer publishes only when it succeeded. A
    /// message that still fails is parked for a delayed redelivery through TTL queues (RabbitMQ only,
    /// <see cref="RedeliveryErrorFilter"/>), and after the last one — or at once when permanent — goes to
    /// <c>_error</c> with the fault headers (<see cref="WeComGateway.Contracts.GatewayHeaders"/>) added.
    /// Tests call this on the MassTransit test harness too.
    /// </summary>
    public static IBusRegistrationConfigurator AddWorkerEndpointDefaults(this IBusRegistrationConfigurator bus)
    {
        bus.AddOptions<WorkerRetryOptions>().BindConfiguration(WorkerRetryOptions.SectionName);
        bus.AddOptions<RedeliveryOptions>().BindConfiguration(RedeliveryOptions.SectionName);
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

    private static List<Action<IBusRegistrationConfigurator>> Registrations(IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryGetValue(ConsumersKey, out var value))
        {
            value = new List<Action<IBusRegistrationConfigurator>>();
            builder.Properties[ConsumersKey] = value;
        }

        return (List<Action<IBusRegistrationConfigurator>>)value;
    }
}
