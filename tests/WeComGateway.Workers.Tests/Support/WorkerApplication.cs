extern alias workers;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>
/// The worker host as Program.cs composes it, on the embedded default (in-memory bus and stores), configured by
/// settings (the names operators use), the scheduled re-evaluation and the channel reconciliation off. A fresh host per test. (<c>workers::</c> tells
/// its <c>Program</c> from the receiver's, which comes along with WeComGateway.Testing.)
/// </summary>
internal sealed class WorkerApplication(params (string Key, string? Value)[] settings) : WebApplicationFactory<workers::Program>
{
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Every log line so far, one per line, for asserting what operators would read.</summary>
    public string LogText() => string.Join('\n', Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.Message}"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Automation:Reevaluation:Enabled", "false");
        builder.UseSetting("Channels:Reconciliation:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(s => s.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug)));
    }
}
