using System.Net;
using RabbitMQ.Client;
using StackExchange.Redis;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

[Collection(RealServicesCollection.Name)]
public sealed class BusDeliveryTests
{
    private static string Exchange(string contract) => $"WeComGateway.Contracts:{contract}";

    [Fact]
    public async Task Every_event_kind_reaches_a_plain_subscriber_bound_to_its_documented_exchange_exactly_once()
    {
        var suite = TestSuite.Fresh();
        string[] contracts = ["ExternalContactAdded", "ExternalContactDeletedByCustomer", "GroupChatMemberJoined", "SuiteTicketReceived", "AuthorizationCreated"];
        await using var subscriber = await PlainSubscriber.BindAsync(contracts.Select(Exchange));
        await subscriber.StartConsumingAsync();
        await using var app = new GatewayApplication(RealServices.Settings(suite));

        foreach (var xml in new[]
                 {
                     EventXml.ContactAdded(suite), EventXml.ContactDeletedByCustomer(suite), EventXml.MemberJoinedGroup(suite),
                     EventXml.SuiteTicket(suite, "ticket-" + EventXml.NewId("t")), EventXml.CreateAuth(suite),
                 })
        {
            var response = await app.PostAsync(SignedCallback.Post(suite, "command", xml));
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        await subscriber.WaitForAsync(m => m.SuiteId == suite.SuiteId, contracts.Length, TimeSpan.FromSeconds(20));
        await subscriber.SettleAsync(); // every callback was published before it was answered: a duplicate is in by now
        var received = subscriber.Messages.Where(m => m.SuiteId == suite.SuiteId).ToList();
        Assert.Equal(contracts.Select(Exchange).Order(), received.Select(m => m.Exchange).Order());
        Assert.All(received, m => Assert.Contains($"urn:message:{m.Exchange}", m.MessageType));
    }

    [Fact]
    public async Task WeCom_retries_spread_over_two_receivers_sharing_Redis_reach_subscribers_once()
    {
        var suite = TestSuite.Fresh();
        await using var subscriber = await PlainSubscriber.BindAsync([Exchange("ExternalContactAdded")]);
        await subscriber.StartConsumingAsync();
        await using var first = new GatewayApplication(RealServices.Settings(suite));
        await using var second = new GatewayApplication(RealServices.Settings(suite));
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).PostAsync(callback)));
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            // A retry that met the first delivery still in flight is told to come back; WeCom would.
            Assert.Equal("success", await (await first.PostAsync(callback)).Content.ReadAsStringAsync());
        }

        await subscriber.WaitForAsync(m => m.SuiteId == suite.SuiteId, 1, TimeSpan.FromSeconds(20));
        await subscriber.SettleAsync();
        Assert.Single(subscriber.Messages, m => m.SuiteId == suite.SuiteId);
    }

    [Fact]
    public async Task Suite_ticket_is_kept_in_Redis_under_the_documented_key()
    {
        var suite = TestSuite.Fresh();
        await using var app = new GatewayApplication(RealServices.Settings(suite));

        await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.SuiteTicket(suite, "fresh-ticket-value")));

        await using var redis = await RealServices.ConnectRedisAsync();
        Assert.Equal("fresh-ticket-value", (string?)await redis.GetDatabase().HashGetAsync($"wecomgw:suite:{suite.SuiteId}:ticket", "ticket"));
    }

    [Fact]
    public async Task An_event_no_queue_is_bound_for_is_parked_in_wecomgw_unrouted_instead_of_vanishing()
    {
        // A vhost of its own: on the shared one, another test's worker queues may be bound to this event's exchange.
        var suite = TestSuite.Fresh();
        await using var vhost = await ScratchVhost.CreateAsync();
        await using var app = new GatewayApplication(RealServices.Settings(suite, extra: ("ConnectionStrings:RabbitMq", vhost.Amqp)));

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.TagsReordered(suite)));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        await using var connection = await new ConnectionFactory { Uri = new Uri(vhost.Amqp) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var found = false;
        for (var i = 0; i < 1000 && !found && await channel.BasicGetAsync("wecomgw.unrouted", autoAck: false) is { } parked; i++)
        {
            found = System.Text.Encoding.UTF8.GetString(parked.Body.Span).Contains(suite.SuiteId, StringComparison.Ordinal);
            if (found)
            {
                await channel.BasicAckAsync(parked.DeliveryTag, multiple: false);
            }
        }

        Assert.True(found, "the unroutable event was not found in wecomgw.unrouted");
    }

    [Fact]
    public async Task With_Redis_unreachable_events_are_still_published_and_answered_success()
    {
        var suite = TestSuite.Fresh();
        await using var subscriber = await PlainSubscriber.BindAsync([Exchange("ExternalContactAdded")]);
        await subscriber.StartConsumingAsync();
        await using var app = new GatewayApplication(RealServices.Settings(suite, RealServices.UnreachableRedis));

        var response = await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        await subscriber.WaitForAsync(m => m.SuiteId == suite.SuiteId, 1, TimeSpan.FromSeconds(20));
        await subscriber.SettleAsync();
        Assert.Single(subscriber.Messages, m => m.SuiteId == suite.SuiteId);
    }
}
