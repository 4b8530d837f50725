using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.EndToEnd;
using WeComGateway.IntegrationTests.Stores;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Channels;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.Channels;

/// <summary>
/// Channel statistics through the real RabbitMQ and Redis: the worker host's <c>channel-stats</c> queue gets adds and
/// deletes duplicated, out of order (deletes before their adds, the first add last) and concurrently, and every count
/// comes out exact; <see cref="ChannelStatsUpdated"/> carries the day's final totals.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class ChannelStatsFlowTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 10, 0, 0, China);

    [Fact]
    public async Task Duplicated_and_out_of_order_deliveries_count_exactly_once()
    {
        var suite = TestSuite.Fresh();
        var settings = RealServices.Settings(suite, extra:
        [
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Automation:Reevaluation:Enabled", "false"),
            ("Channels:Reconciliation:Enabled", "false"),
            WorkerProcess.PrefixSetting(out _),
        ]).ToList();
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:ChannelStatsUpdated"]);
        await subscriber.StartConsumingAsync();
        await using var worker = await WorkerProcess.StartAsync(settings);
        using var redis = await RealServices.ConnectRedisAsync();
        try
        {
            await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
                new CorpAuthorization(suite.CorpId, suite.SuiteId, "perm-" + suite.CorpId, null, DateTimeOffset.UtcNow), default);
            var state = "dy-" + RandomNumberGenerator.GetHexString(6, lowercase: true);
            WeComCallbackEvent[] events =
            [
                Added(suite, "e1", "zhangsan", "wm1", state, Day1),
                Deleted(suite, "e2", byCustomer: true, "zhangsan", "wm1", Day1.AddHours(1)),
                Added(suite, "e3", "lisi", "wm1", state, Day1.AddHours(-1)),         // the customer's first add
                Deleted(suite, "e4", byCustomer: false, "lisi", "wm1", Day1.AddDays(1)),
                Added(suite, "e5", "wangwu", "wm2", state, Day1.AddDays(1)),
            ];
            int[] order = [1, 3, 0, 0, 4, 1, 2, 4, 3, 2]; // deletes first, the first add last, each event twice
            var bus = worker.Services.GetRequiredService<IBus>();
            await Task.WhenAll(order.Select(i => bus.Publish((object)events[i])));

            var store = worker.Services.GetRequiredService<IChannelStatsStore>();
            var expectedDay1 = new ChannelCounters(Adds: 2, FirstAdds: 1, ReAdds: 1, DeletedByCustomer: 1, DeletedByEmployee: 0, Lost: 1);
            var expectedDay2 = new ChannelCounters(Adds: 1, FirstAdds: 1, ReAdds: 0, DeletedByCustomer: 0, DeletedByEmployee: 1, Lost: 1);
            var days = await Eventually.ValueAsync(
                async () => await store.GetAsync(suite.CorpId, ChannelBuckets.ForState(state), DateOnly.FromDateTime(Day1.DateTime), DateOnly.FromDateTime(Day1.DateTime).AddDays(1), default) is { Count: 2 } d
                    && d[0].Totals == expectedDay1 && d[1].Totals == expectedDay2 ? d : null,
                "the counts to be exact",
                explain: () => Task.FromResult(worker.LogText()));
            // The counts are written before ChannelStatsUpdated is published: wait for the messages, not for a marker.
            var published = await Eventually.ValueAsync(
                () => Task.FromResult(subscriber.Messages.Where(m => m.Message.GetProperty("corpId").GetString() == suite.CorpId).ToList() is var p
                    && p.Any(m => m.Message.GetProperty("day").GetString() == "2026-03-02" && m.Message.GetProperty("adds").GetInt64() == 2
                        && m.Message.GetProperty("firstAdds").GetInt64() == 1 && m.Message.GetProperty("lost").GetInt64() == 1 && m.Message.GetProperty("netRetained").GetInt64() == 1)
                    && p.Any(m => m.Message.GetProperty("day").GetString() == "2026-03-03" && m.Message.GetProperty("adds").GetInt64() == 1
                        && m.Message.GetProperty("deletedByEmployee").GetInt64() == 1 && m.Message.GetProperty("netRetained").GetInt64() == 0) ? p : null),
                "ChannelStatsUpdated with each day's final totals");

            Assert.Equal(new ChannelCounters(0, 0, 0, 0, 1, 1), days[1].ByEmployee["lisi"]);
            Assert.Equal(new ChannelCounters(1, 1, 0, 0, 0, 0), days[1].ByEmployee["wangwu"]);
            Assert.Equal(new ChannelCounters(1, 0, 1, 1, 0, 1), days[0].ByEmployee["zhangsan"]);
            Assert.Empty(await store.GetAsync(suite.CorpId, ChannelBuckets.Unattributed, DateOnly.FromDateTime(Day1.DateTime), DateOnly.FromDateTime(Day1.DateTime).AddDays(1), default));
            Assert.All(published, m => Assert.Equal(state, m.Message.GetProperty("state").GetString()));
            var settled = await store.GetAsync(suite.CorpId, ChannelBuckets.ForState(state), DateOnly.FromDateTime(Day1.DateTime), DateOnly.FromDateTime(Day1.DateTime).AddDays(1), default);
            Assert.Equal([expectedDay1, expectedDay2], settled.Select(d => d.Totals)); // nothing counted twice after the redeliveries settled
        }
        finally
        {
            await StoreRedis.ForgetCorpAsync(redis, suite.CorpId);
        }
    }

    private static ExternalContactAdded Added(TestSuite suite, string key, string user, string customer, string state, DateTimeOffset at) => new()
    {
        SuiteId = suite.SuiteId, CorpId = suite.CorpId, EventTime = at, ReceivedAt = at, DedupeKey = key + suite.CorpId, UserId = user, ExternalUserId = customer, State = state,
    };

    private static WeComCallbackEvent Deleted(TestSuite suite, string key, bool byCustomer, string user, string customer, DateTimeOffset at) => byCustomer
        ? new ExternalContactDeletedByCustomer { SuiteId = suite.SuiteId, CorpId = suite.CorpId, EventTime = at, ReceivedAt = at, DedupeKey = key + suite.CorpId, UserId = user, ExternalUserId = customer }
        : new ExternalContactDeletedByEmployee { SuiteId = suite.SuiteId, CorpId = suite.CorpId, EventTime = at, ReceivedAt = at, DedupeKey = key + suite.CorpId, UserId = user, ExternalUserId = customer };
}
