using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Hosting;
using WeComGateway.Testing;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// The worker host as production composes it (authorization, customer automation), on the real RabbitMQ and Redis,
/// with its queues under a random prefix (<c>Workers:QueuePrefix</c>) that <see cref="DisposeAsync"/> deletes.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private WorkerProcess(IHost host, string queuePrefix)
    {
        Host = host;
        QueuePrefix = queuePrefix;
    }

    public IHost Host { get; }

    public string QueuePrefix { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Every log line of the worker host so far, for failure messages.</summary>
    public string LogText() => string.Join('\n', Services.GetFakeLogCollector().GetSnapshot()
        .Where(r => r.Level >= LogLevel.Information || r.Category?.StartsWith("WeComGateway", StringComparison.Ordinal) == true)
        .Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.GetType().Name} {r.Exception?.Message}"));

    /// <summary>
    /// The settings of a worker host under test that calls WeCom: the real services, the suite's secret, the emulator as
    /// WeCom, a fresh secrets key, no re-evaluation pass (it would act on its own clock) and queues of its own; then
    /// <paramref name="extra"/>.
    /// </summary>
    public static List<KeyValuePair<string, string?>> Settings(TestSuite suite, WeComEmulator wecom, string? redis = null, params (string Key, string? Value)[] extra) =>
        RealServices.Settings(suite, redis,
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.ApiBaseUrl),
            ("Gateway:SecretsKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
            ("Automation:Reevaluation:Enabled", "false"),
            PrefixSetting(out _),
            .. extra,
        ]).ToList();

    public static (string Key, string? Value) PrefixSetting(out string prefix)
    {
        prefix = "it" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(8, lowercase: true);
        return ("Workers:QueuePrefix", prefix);
    }

    public static async Task<WorkerProcess> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var list = settings.ToList();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(list);
        builder.Services.AddLogging(logging => logging.AddFakeLogging());
        builder.AddGatewayDefaults();
        builder.AddGatewayWorkers();
        builder.AddGatewayBus(bus => bus.AddGatewayWorkerConsumers());
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true); // queues bound before a test publishes
        var host = builder.Build();
        await host.StartAsync();
        var prefix = list.Single(s => s.Key == "Workers:QueuePrefix").Value!;
        return new WorkerProcess(host, prefix);
    }

    /// <summary>What the receiver answered WeCom for a signed callback on the command URL.</summary>
    public static async Task<string> AnswerAsync(GatewayApplication receiver, TestSuite suite, string xml) =>
        await (await receiver.PostAsync(SignedCallback.Post(suite, "command", xml))).Content.ReadAsStringAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await DeleteQueuesAsync(QueuePrefix);
    }

    /// <summary>Deletes the queues and exchanges a worker host made under <paramref name="prefix"/>.</summary>
    public static async Task DeleteQueuesAsync(string prefix)
    {
        using var management = Management();
        foreach (var queue in await NamesAsync(management, "queues", prefix))
        {
            await management.DeleteAsync($"queues/%2F/{Uri.EscapeDataString(queue)}");
        }

        foreach (var exchange in await NamesAsync(management, "exchanges", prefix))
        {
            await management.DeleteAsync($"exchanges/%2F/{Uri.EscapeDataString(exchange)}");
        }
    }

    /// <summary>The names of the <paramref name="kind"/> (<c>queues</c>, <c>exchanges</c>) under <paramref name="prefix"/> on the broker now.</summary>
    public static async Task<List<string>> NamesAsync(string kind, string prefix)
    {
        using var management = Management();
        return await NamesAsync(management, kind, prefix);
    }

    private static async Task<List<string>> NamesAsync(HttpClient management, string kind, string prefix) =>
        [.. (await management.GetFromJsonAsync<List<NamedEntity>>($"{kind}/%2F") ?? []).Select(e => e.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];

    private static HttpClient Management()
    {
        var management = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/api/") };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return management;
    }

    private sealed record NamedEntity(string Name);
}
