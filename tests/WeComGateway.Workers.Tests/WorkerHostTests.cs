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
        builder.AddAuthorizationWorker();
        builder.Services.AddSingleton<IWeComServiceApi>(weCom); // stands in for the Refit client registered above
        builder.Services.AddSingleton<IAccessTokenProvider>(tokens);
        builder.Services.AddSingleton<ITokenStore>(tokens);
        builder.AddWorkerBus();
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
    public void The_bus_without_a_worker_feature_says_what_to_call()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var failure = Assert.Throws<InvalidOperationException>(() => builder.AddWorkerBus());

        Assert.Contains("AddAuthorizationWorker", failure.Message, StringComparison.Ordinal);
    }
}
