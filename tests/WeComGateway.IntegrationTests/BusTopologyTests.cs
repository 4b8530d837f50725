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
}
