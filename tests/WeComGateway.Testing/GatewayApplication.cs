extern alias receiver;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace WeComGateway.Testing;

/// <summary>
/// The receiver in-process, configured by settings (the same names operators use) with optional service overrides.
/// A fresh host per test: <c>await using var app = new GatewayApplication(...);</c>
/// </summary>
public sealed class GatewayApplication(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<receiver::Program>
{
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(s =>
        {
            s.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
            services?.Invoke(s);
        });
    }

    public async Task<HttpResponseMessage> PostAsync(SignedCallback callback)
    {
        using var request = callback.ToRequest();
        return await CreateClient().SendAsync(request);
    }

    /// <summary>Every log line so far, one per line, for asserting what operators would read.</summary>
    public string LogText() => string.Join('\n', Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.Message}"));
}
