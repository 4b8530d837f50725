using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>
/// The authorization consumers on MassTransit's test harness with in-memory stores, a fake WeCom and fast retries
/// (3 retries, 10–50 ms): the same endpoint defaults as the worker host. One per test.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    public const string SuiteId = "wwsuite0000000001";

    private readonly ServiceProvider _services;

    private WorkerHarness(ServiceProvider services, FakeWeComServiceApi weCom, FakeTokens tokens)
    {
        _services = services;
        WeCom = weCom;
        Tokens = tokens;
        Harness = services.GetRequiredService<ITestHarness>();
    }

    public FakeWeComServiceApi WeCom { get; }

    public FakeTokens Tokens { get; }

    public ITestHarness Harness { get; }

    public IAuthorizationStore Store => _services.GetRequiredService<IAuthorizationStore>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public static async Task<WorkerHarness> StartAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:Retry:Limit"] = "3",
            ["Workers:Retry:MinInterval"] = "00:00:00.010",
            ["Workers:Retry:MaxInterval"] = "00:00:00.050",
            ["Workers:Retry:IntervalDelta"] = "00:00:00.010",
        }).Build();
        var weCom = new FakeWeComServiceApi();
        var tokens = new FakeTokens();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddAuthorizationWorkerServices(configuration);
        services.AddSingleton<IWeComServiceApi>(weCom);
        services.AddSingleton<IAccessTokenProvider>(tokens);
        services.AddSingleton<ITokenStore>(tokens);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddAuthorizationConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var harness = new WorkerHarness(services.BuildServiceProvider(validateScopes: true), weCom, tokens);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>Publishes and waits until the consumer has finished with it (success or, after retries, a fault).</summary>
    public async Task<Exception?> DeliverAsync<T>(T message)
        where T : class
    {
        var before = Harness.Consumed.Select<T>().Count();
        await Harness.Bus.Publish(message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!timeout.IsCancellationRequested)
        {
            var finished = Harness.Consumed.Select<T>().Skip(before).FirstOrDefault();
            if (finished is not null)
            {
                // Faults are published after the retries gave up; let the inactivity settle so publishes are observed.
                await Harness.InactivityTask;
                return finished.Exception;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        throw new TimeoutException($"{typeof(T).Name} was not consumed within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
    }
}
