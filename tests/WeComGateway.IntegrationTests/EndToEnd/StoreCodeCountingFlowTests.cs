using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// Joins through a store's group code and adds through its contact code, counted by the worker host over real RabbitMQ
/// and Redis: WeCom delivers each callback twice and the bus delivers each event again (three times at once), and each
/// event still counts once.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class StoreCodeCountingFlowTests
{
    [Fact]
    public async Task Joins_and_adds_through_a_stores_codes_count_once_although_delivered_again_and_again()
    {
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom);
        await using var subscriber = await PlainSubscriber.BindAsync(
            ["WeComGateway.Contracts:GroupChatMemberJoined", "WeComGateway.Contracts:ExternalContactAdded", "WeComGateway.Contracts:GroupJoinCounted"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        var permanentCode = await wecom.AuthorizeAsync(suite.CorpId, "水果铺");
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, permanentCode, "水果铺", DateTimeOffset.UtcNow), default);
        var store = worker.Services.GetRequiredService<IStoreCodeStore>();
        var chat = EventXml.NewId("wr");
        var now = DateTimeOffset.UtcNow;
        await store.AddCodeAsync(
            suite.CorpId,
            new StoreCode("spring", "xuhui-1", StoreCodeKind.Group, "cfg-join", "https://qr/join", StoreCodeIds.State("spring", "xuhui-1"), now),
            new GroupJoinWay("cfg-join", 2, null, StoreCodeIds.State("spring", "xuhui-1"), [chat], true, "徐汇店", 1, "https://qr/join", "spring", "xuhui-1", now),
            default);
        await store.AddCodeAsync(
            suite.CorpId, new StoreCode("spring", "jingan-2", StoreCodeKind.Contact, "cfg-contact", "https://qr/c", StoreCodeIds.State("spring", "jingan-2"), now), null, default);

        // Two joins and one add, each callback delivered twice by WeCom (the receiver's dedupe answers the second).
        string[] callbacks =
        [
            EventXml.MemberJoinedGroup(suite, chat),
            EventXml.MemberJoinedGroup(suite, chat),
            EventXml.ContactAdded(suite, state: StoreCodeIds.State("spring", "jingan-2")),
        ];
        foreach (var xml in callbacks)
        {
            var post = SignedCallback.Post(suite, "command", xml);
            Assert.Equal("success", await (await receiver.PostAsync(post)).Content.ReadAsStringAsync());
            Assert.Equal("success", await (await receiver.PostAsync(post)).Content.ReadAsStringAsync());
        }

        var joins = await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":GroupChatMemberJoined", StringComparison.Ordinal) && m.SuiteId == suite.SuiteId, 2, TimeSpan.FromSeconds(30));
        var add = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":ExternalContactAdded", StringComparison.Ordinal) && m.SuiteId == suite.SuiteId, 1, TimeSpan.FromSeconds(30)));
        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":GroupJoinCounted", StringComparison.Ordinal) && IsCorp(m, suite.CorpId), 2, TimeSpan.FromSeconds(30));

        // The bus delivers every event again, three times at once (an outbox relay after lost confirms, a redelivery).
        var bus = receiver.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => PublishAgain()));

        IEnumerable<Task> PublishAgain() => joins
            .Select(j => bus.Publish(j.Message.Deserialize<GroupChatMemberJoined>(JsonSerializerOptions.Web)!))
            .Append(bus.Publish(add.Message.Deserialize<ExternalContactAdded>(JsonSerializerOptions.Web)!));

        // A marker behind the duplicates on the same queue: once it is counted, they have been consumed.
        var marker = SignedCallback.Post(suite, "command", EventXml.MemberJoinedGroup(suite, chat));
        Assert.Equal("success", await (await receiver.PostAsync(marker)).Content.ReadAsStringAsync());
        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":GroupJoinCounted", StringComparison.Ordinal) && IsCorp(m, suite.CorpId), 3, TimeSpan.FromSeconds(30));
        await subscriber.SettleAsync();

        var counts = await store.GetCountsAsync(suite.CorpId, default);
        Assert.Equal(3, counts.Get(StoreCodeCounters.WayJoins("cfg-join")));
        Assert.Equal(3, counts.Get(StoreCodeCounters.Joins("spring", "xuhui-1")));
        Assert.Equal(1, counts.Get(StoreCodeCounters.Adds("spring", "jingan-2")));
        var counted = subscriber.Messages.Where(m => m.Exchange.EndsWith(":GroupJoinCounted", StringComparison.Ordinal) && IsCorp(m, suite.CorpId)).ToList();
        Assert.Equal(3, counted.Count);
        Assert.Equal([1, 2, 3], counted.Select(m => m.Message.GetProperty("totalJoins").GetInt64()).Order());
        Assert.All(counted, m => Assert.Equal("xuhui-1", m.Message.GetProperty("storeId").GetString()));
    }

    private static bool IsCorp(PlainSubscriber.Received message, string corpId) =>
        message.Message.TryGetProperty("corpId", out var corp) && corp.GetString() == corpId;
}
