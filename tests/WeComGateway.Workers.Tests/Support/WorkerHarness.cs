using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>
/// The authorization consumers on MassTransit's test harness with in-memory stores, WeCom played by the in-process
/// emulator, and fast retries (3 retries, 10–50 ms): the same endpoint defaults as the worker host. A fresh suite_ticket
/// is in. One per test.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    public const string SuiteId = "wwsuite0000000001";

    private readonly ServiceProvider _services;

    private WorkerHarness(ServiceProvider services, WeComEmulator weCom, RecordingTokenStore tokens)
    {
        _services = services;
        WeCom = weCom;
        Tokens = tokens;
        Harness = services.GetRequiredService<ITestHarness>();
    }

    /// <summary>WeCom: issue auth codes, rename or revoke corps, plan failures, and read what it was asked.</summary>
    public WeComEmulator WeCom { get; }

    /// <summary>The gateway's token cache, with the invalidations it saw.</summary>
    public RecordingTokenStore Tokens { get; }

    public ITestHarness Harness { get; }

    public IAuthorizationStore Store => _services.GetRequiredService<IAuthorizationStore>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public static async Task<WorkerHarness> StartAsync()
    {
        var weCom = await WeComEmulator.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EmulatedWeCom.Settings(weCom, SuiteId)).Build();
        var innerTokens = new InMemoryTokenStore(TimeProvider.System);
        var tokens = new RecordingTokenStore(innerTokens);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton(innerTokens); // the in-memory store the authorization store admits and forgets corps in
        services.AddSingleton<ITokenStore>(tokens); // AddWeComTokens keeps it (TryAdd)
        services.AddAuthorizationWorkerServices(configuration);
        services.AddEmulatedWeCom(configuration, weCom);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddAuthorizationConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var harness = new WorkerHarness(services.BuildServiceProvider(validateScopes: true), weCom, tokens);
        await harness._services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>The calls the worker made to WeCom, without the token fetches the token provider makes on its own.</summary>
    public async Task<IReadOnlyList<EmulatorCall>> CallsAsync(string? api = null) =>
        [.. (await WeCom.CallsAsync(api)).Where(c => !WeComApis.IsTokenApi(c.Api()))];

    /// <summary>Publishes and waits until the consumer has finished with it (success or, after retries, a fault).</summary>
    public async Task<Exception?> DeliverAsync<T>(T message)
        where T : class
    {
        var before = Harness.Consumed.Select<T>().Count();
        await Harness.Bus.Publish(message);
        var finished = await Eventually.ValueAsync(
            () => Harness.Consumed.Select<T>().Skip(before).FirstOrDefault(), $"{typeof(T).Name} to be consumed", timeout: TimeSpan.FromSeconds(10));

        // Faults are published after the retries gave up; let the inactivity settle so publishes are observed.
        await Harness.InactivityTask;
        return finished.Exception;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}
