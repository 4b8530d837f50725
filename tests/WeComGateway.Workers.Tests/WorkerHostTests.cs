using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeComGateway.Hosting;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

/// <summary>The host as Program.cs composes it, on the embedded default (in-memory transport and stores).</summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task The_embedded_worker_host_turns_an_install_into_a_stored_authorization()
    {
        var weCom = new FakeWeComServiceApi();
        var tokens = new FakeTokens();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddGatewayDefaults();
        builder.AddWeComAccess();
        builder.AddAuthorizationWorker();
        builder.Services.AddSingleton<IWeComServiceApi>(weCom); // stands in for the Refit client registered above
        builder.Services.AddSingleton<IAccessTokenProvider>(tokens);
        builder.Services.AddSingleton<ITokenStore>(tokens);
        builder.AddGatewayBus(bus => bus.AddWorkerEndpointDefaults().AddAuthorizationConsumers());
        using var host = builder.Build();
        await host.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        weCom.IssueAuthCode(authCode, corpId, "水果店", Events.NewSecret("perm"));

        await host.Services.GetRequiredService<IBus>().Publish(Events.Created(authCode));

        var store = host.Services.GetRequiredService<IAuthorizationStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await store.GetAsync(corpId, CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.NotNull(await store.GetAsync(corpId, CancellationToken.None));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_worker_host_bus_carries_every_feature_queue_with_the_endpoint_defaults()
    {
        string[] queues = ["authorization-created", "authorization-changed", "authorization-cancelled", "permanent-code-reset", "customer-automation", "welcome", "corp-tag-changed", "employee-directory"];
        await using var host = new WorkerApplication();
        var bus = host.Services.GetRequiredService<IBus>();

        var probe = await EventuallyAsync(() => JsonSerializer.Serialize(bus.GetProbeResult()), json => queues.All(q => json.Contains($"\"{q}\"", StringComparison.Ordinal)));

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

    private static async Task<string> EventuallyAsync(Func<string> read, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = read();
        }

        return value;
    }
}
