using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeComGateway.Contracts;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>What the bus composition (<c>AddGatewayBus</c>) declares on a broker nobody used before: a vhost of its own.</summary>
[Collection(RealServicesCollection.Name)]
public sealed class BusTopologyTests
{
    [Fact]
    public async Task The_receiver_declares_the_exchange_of_every_message_the_gateway_publishes_before_the_first_event()
    {
        await using var vhost = await ScratchVhost.CreateAsync();
        await using var receiver = new GatewayApplication(TestSuite.Fresh().Configuration().Append(new("ConnectionStrings:RabbitMq", vhost.Amqp)));
        _ = receiver.Services; // starts the host; nothing is posted

        var expected = MessageCatalogue.Published.Select(MessageCatalogue.ExchangeOf).ToHashSet(StringComparer.Ordinal);
        var exchanges = await vhost.ExchangesAsync();
        await Eventually.HoldsAsync(
            async () => expected.IsSubsetOf((exchanges = await vhost.ExchangesAsync()).Keys),
            "every published message's exchange to be declared",
            Eventually.Say(() => "missing: " + string.Join(", ", expected.Except(exchanges.Keys))));

        Assert.Empty(expected.Except(exchanges.Keys));
        Assert.All(expected, name => Assert.Equal(("fanout", true, false), exchanges[name]));
        Assert.DoesNotContain(MessageCatalogue.ExchangeOf(typeof(WeComCallbackEvent)), exchanges.Keys);
    }

    /// <summary>A vhost created for one test through the management API (guest may use it) and deleted afterwards.</summary>
    private sealed class ScratchVhost : IAsyncDisposable
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
}
