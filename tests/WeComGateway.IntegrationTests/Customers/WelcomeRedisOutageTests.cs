using System.Diagnostics;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.EndToEnd;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;
using Xunit.Abstractions;

namespace WeComGateway.IntegrationTests.Customers;

/// <summary>
/// Redis really down (a redis-server of the test's own, killed and started again) while customers keep adding an
/// employee: the worker host on real RabbitMQ and WeCom (the emulator, over HTTP) welcomes every add inside its 20 s
/// window, once (docs/reliability.md, "Redis down: welcomes").
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class WelcomeRedisOutageTests(ITestOutputHelper output)
{
    private const int Adds = 80; // 10 a second
    private const int RedisDownAt = 10;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Adds_arriving_while_Redis_is_down_for_5_seconds_are_each_welcomed_once_inside_their_window()
    {
        var suite = TestSuite.Fresh();
        await using var redis = await ScratchRedis.StartAsync();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom, redis.ConnectionString);
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:WelcomeMessageSent", "WeComGateway.Contracts:WelcomeMessageExpired"]);
        await subscriber.StartConsumingAsync();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var permanentCode = await wecom.AuthorizeAsync(suite.CorpId, "水果铺");
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, permanentCode, "水果铺", DateTimeOffset.UtcNow), default);
        var now = DateTimeOffset.UtcNow;
        await worker.Services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suite.SuiteId, new SuiteTicket("ticket-outage", now, now), default);
        var bus = worker.Services.GetRequiredService<IBus>();

        // One customer before: the worker has read the corp's rules and channels and holds its token, as in production.
        var customers = new List<string> { EventXml.NewId("wo") };
        await bus.Publish(Added(suite, customers[0]));
        await subscriber.WaitForAsync(m => IsAbout(m, ":WelcomeMessageSent", customers[0]), 1, TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        DateTimeOffset? down = null, back = null;
        try
        {
            for (var i = 0; i < Adds; i++)
            {
                if (i == RedisDownAt)
                {
                    await redis.StopAsync();
                    down = DateTimeOffset.UtcNow;
                    output.WriteLine($"redis stopped at add {i}, t={clock.Elapsed.TotalSeconds:F1}s");
                }

                if (down is { } since && back is null && DateTimeOffset.UtcNow - since >= Outage)
                {
                    await redis.StartAgainAsync();
                    back = DateTimeOffset.UtcNow;
                    output.WriteLine($"redis started at add {i}, t={clock.Elapsed.TotalSeconds:F1}s");
                }

                var customer = EventXml.NewId("wo");
                customers.Add(customer);
                await bus.Publish(Added(suite, customer));
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
        finally
        {
            await redis.StartAgainAsync();
        }

        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":WelcomeMessageSent", StringComparison.Ordinal), customers.Count, TimeSpan.FromSeconds(40));
        await subscriber.SettleAsync();

        var welcomes = (await wecom.StateAsync()).Welcomes.Where(w => w.Corpid == suite.CorpId).ToList();
        var sent = subscriber.Messages.Where(m => m.Exchange.EndsWith(":WelcomeMessageSent", StringComparison.Ordinal)).ToList();
        var expired = subscriber.Messages.Count(m => m.Exchange.EndsWith(":WelcomeMessageExpired", StringComparison.Ordinal));
        var whileDown = welcomes.Count(w => w.SentAt > down && w.SentAt < back);
        output.WriteLine($"adds {customers.Count}, welcomed at WeCom {welcomes.Count} ({whileDown} while Redis was down), WelcomeMessageSent {sent.Count}, expired {expired}");
        Assert.Equal(customers.Count, welcomes.Select(w => w.WelcomeCode).Distinct().Count());
        Assert.All(customers, c => Assert.Single(sent, m => IsAbout(m, ":WelcomeMessageSent", c)));
        Assert.Equal(0, expired);
        Assert.True(whileDown > 0, "no welcome was sent while Redis was down");
        Assert.Contains("sent unclaimed", worker.LogText(), StringComparison.Ordinal);
    }

    private static ExternalContactAdded Added(TestSuite suite, string customer)
    {
        var now = DateTimeOffset.UtcNow;
        return new ExternalContactAdded
        {
            SuiteId = suite.SuiteId,
            CorpId = suite.CorpId,
            UserId = "zhangsan",
            ExternalUserId = customer,
            WelcomeCode = "WELCOME-" + RandomNumberGenerator.GetHexString(16),
            EventTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
            ReceivedAt = now,
            DedupeKey = RandomNumberGenerator.GetHexString(64, lowercase: true),
        };
    }

    private static bool IsAbout(PlainSubscriber.Received message, string contract, string customer) =>
        message.Exchange.EndsWith(contract, StringComparison.Ordinal)
        && message.Message.TryGetProperty("externalUserId", out var id) && id.GetString() == customer;
}
