using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>A vhost created for one test through the management API (guest may use it) and deleted afterwards.</summary>
internal sealed class ScratchVhost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private ScratchVhost(HttpClient management, string name, string amqp)
    {
        _management = management;
        Name = name;
        Amqp = amqp;
    }

    public string Name { get; }

    /// <summary>The connection string of the shared broker, pointed at this vhost.</summary>
    public string Amqp { get; }

    public static async Task<ScratchVhost> CreateAsync()
    {
        var broker = new Uri(RealServices.RabbitMq);
        var name = "wecomgw-it-" + EventXml.NewId("vh");
        var management = new HttpClient { BaseAddress = new Uri($"http://{broker.Host}:15672/api/") };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        (await management.PutAsync($"vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new ScratchVhost(management, name, new UriBuilder(broker) { Path = "/" + name }.Uri.ToString());
    }

    /// <summary>Every exchange of the vhost: name → (type, durable, auto-delete).</summary>
    public async Task<Dictionary<string, (string Type, bool Durable, bool AutoDelete)>> ExchangesAsync()
    {
        var exchanges = await _management.GetFromJsonAsync<JsonElement>($"exchanges/{Name}");
        return exchanges.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => (e.GetProperty("type").GetString()!, e.GetProperty("durable").GetBoolean(), e.GetProperty("auto_delete").GetBoolean()),
            StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"vhosts/{Name}");
        _management.Dispose();
    }
}
