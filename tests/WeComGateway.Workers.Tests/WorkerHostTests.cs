using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeComGateway.Hosting;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

/// <summary>The host as Program.cs composes it, on the embedded default (in-memory transport and stores), WeCom in process.</summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task The_embedded_worker_host_turns_an_install_into_a_stored_authorization()
    {
        await using var weCom = await WeComEmulator.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(EmulatedWeCom.Settings(weCom, WorkerHarness.SuiteId));
        builder.AddGatewayDefaults();
        builder.AddWeComAccess();
        builder.AddAuthorizationWorker();
        weCom.Serve(builder.Services);
        builder.AddGatewayBus(bus => bus.AddWorkerEndpointDefaults().AddAuthorizationConsumers());
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.PushSuiteTicketAsync(WorkerHarness.SuiteId, DateTimeOffset.UtcNow);
        var corpId = Events.NewCorpId();
        var authCode = await weCom.IssueAuthCodeAsync(corpId, "水果店");

        await host.Services.GetRequiredService<IBus>().Publish(Events.Created(authCode));

        var store = host.Services.GetRequiredService<IAuthorizationStore>();
        var stored = await Eventually.ValueAsync(() => store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None), "the authorization to be stored", weCom.DescribeCallsAsync);
        Assert.Equal(("水果店", WorkerHarness.SuiteId), (stored.CorpName, stored.SuiteId));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_worker_host_bus_carries_every_feature_queue_with_the_endpoint_defaults()
    {
        string[] queues = ["authorization-created", "authorization-changed", "authorization-cancelled", "permanent-code-reset", "customer-automation", "welcome", "corp-tag-changed", "employee-directory"];
        await using var host = new WorkerApplication();
        var bus = host.Services.GetRequiredService<IBus>();

        var probe = await Eventually.ValueAsync(
            () => JsonSerializer.Serialize(bus.GetProbeResult()) is var json && queues.All(q => json.Contains($"\"{q}\"", StringComparison.Ordinal)) ? json : null,
            "every feature queue on the bus",
            timeout: TimeSpan.FromSeconds(15));

        using var document = JsonDocument.Parse(probe);
        var endpoints = document.RootElement.GetProperty("Results").GetProperty("bus").GetProperty("host").GetProperty("receiveEndpoint")
            .EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetRawText());
        foreach (var queue in queues)
        {
            Assert.True(endpoints.TryGetValue(queue, out var endpoint), $"no receive endpoint {queue}; the bus has {string.Join(", ", endpoints.Keys)}");
            Assert.Contains("\"wecomgwRedelivery\"", endpoint, StringComparison.Ordinal);
            Assert.Contains("\"wecomgwFaultHeaders\"", endpoint, StringComparison.Ordinal);
            Assert.Contains("\"retry\"", endpoint, StringComparison.Ordinal);
            Assert.Contains("\"outbox\"", endpoint, StringComparison.Ordinal);
            Assert.Contains("LogScopeFilter", endpoint, StringComparison.Ordinal);
        }
    }
}
