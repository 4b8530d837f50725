extern alias workers;

using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// The worker host's Program in-process (WebApplicationFactory: its HTTP surface, the admin API), configured by
/// settings. On RabbitMQ its queues go under a random <c>Workers:QueuePrefix</c> that <see cref="DisposeAsync"/>
/// deletes; with Redis it gets a fresh <c>Gateway:SecretsKey</c>. The scheduled re-evaluation is off.
/// </summary>
internal sealed class WorkerApplication : WebApplicationFactory<workers::Program>
{
    private readonly List<KeyValuePair<string, string?>> _settings;
    private readonly string _queuePrefix;

    public WorkerApplication(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        _settings = settings.ToList();
        var (prefixKey, prefix) = WorkerProcess.PrefixSetting(out _queuePrefix);
        _settings.Add(new(prefixKey, prefix));
        _settings.Add(new("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        _settings.Add(new("Automation:Reevaluation:Enabled", "false"));
    }

    /// <summary>Every log line so far, one per line, for asserting what operators would read.</summary>
    public string LogText() => string.Join('\n', Services.GetFakeLogCollector().GetSnapshot()
        .Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.Message}"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(s => s.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await WorkerProcess.DeleteQueuesAsync(_queuePrefix);
    }
}
