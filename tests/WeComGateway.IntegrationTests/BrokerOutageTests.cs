using System.Diagnostics;
using System.Net;
using StackExchange.Redis;
using WeComGateway.Testing;
using Xunit.Abstractions;

namespace WeComGateway.IntegrationTests;

/// <summary>RabbitMQ really stopped (rabbitmqctl stop_app) and started again while callbacks keep coming.</summary>
[Collection(RealServicesCollection.Name)]
public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    private static readonly (string, string?)[] OutageBudgets =
    [
        ("Receiver:PublishConfirmBudget", "00:00:01"),
        ("Receiver:BackgroundPublishDeadline", "00:00:03"),
        ("Receiver:RelayGraceMargin", "00:00:01"),
        ("Receiver:RelayInterval", "00:00:00.500"),
    ];

    [Fact]
    public async Task A_steady_stream_survives_a_broker_restart_with_every_event_delivered_once()
    {
        const int total = 150;
        var suite = TestSuite.Fresh();
        var queue = "wecomgw-it-" + EventXml.NewId("q");
        await using (await PlainSubscriber.BindAsync(["WeComGateway.Contracts:ExternalContactAdded"], queue))
        {
        }

        await using var app = new GatewayApplication(RealServices.Settings(suite, extra: OutageBudgets));
        var answers = new List<Task<HttpResponseMessage>>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < total; i++)
            {
                if (i == 40)
                {
                    await RealServices.StopBrokerAsync();
                    output.WriteLine($"broker stopped at event {i}, t={clock.Elapsed.TotalSeconds:F1}s");
                }

                if (i == 110)
                {
                    await RealServices.StartBrokerAsync();
                    output.WriteLine($"broker started at event {i}, t={clock.Elapsed.TotalSeconds:F1}s");
                }

                answers.Add(app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, $"woStream{i:D4}"))));
                await Task.Delay(TimeSpan.FromMilliseconds(50)); // ~20 callbacks a second, whatever the answers take
            }
        }
        finally
        {
            await RealServices.StartBrokerAsync();
        }

        var responses = await Task.WhenAll(answers);
        var succeeded = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        await using var redis = await RealServices.ConnectRedisAsync();
        await Eventually.HoldsAsync(
            async () => await redis.GetDatabase().StreamLengthAsync("wecomgw:outbox") == 0, "the relay to empty the outbox", timeout: TimeSpan.FromSeconds(60));

        await Task.Delay(TimeSpan.FromSeconds(2));
        var delivered = (await PlainSubscriber.DrainAsync(queue)).Where(m => m.SuiteId == suite.SuiteId).ToList();
        await PlainSubscriber.DeleteQueueAsync(queue);

        var distinct = delivered.Select(m => m.DedupeKey).Distinct().Count();
        output.WriteLine($"sent {total}, answered success {succeeded}, delivered {delivered.Count}, distinct {distinct}, duplicates {delivered.Count - distinct}");
        Assert.Equal(total, succeeded);
        Assert.Equal(total, distinct);
        Assert.Equal(distinct, delivered.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Only_when_both_the_broker_and_Redis_are_unreachable_the_answer_is_503()
    {
        var suite = TestSuite.Fresh();
        await using var app = new GatewayApplication(RealServices.Settings(suite, RealServices.UnreachableRedis, OutageBudgets));
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));
        Assert.Equal("success", await (await app.PostAsync(SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite)))).Content.ReadAsStringAsync());

        HttpResponseMessage whileDown;
        await RealServices.StopBrokerAsync();
        try
        {
            whileDown = await app.PostAsync(callback);
        }
        finally
        {
            await RealServices.StartBrokerAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
    }
}
