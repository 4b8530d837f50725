using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.EndToEnd;
using WeComGateway.Operations.DeadLetters;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.Operations;

/// <summary>
/// The operator's loop on the real worker host, RabbitMQ, Redis and WireMock as WeCom: a purchase that WeCom refuses
/// for good lands in <c>customer-automation_error</c>; ops see it (list), understand it (show: reason, errcode, corp),
/// fix WeCom, replay it, and the customer is tagged exactly once.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class DeadLetterFlowTests
{
    private const string Actor = "test:ops";

    /// <summary>Buying fruit tags the customer 兴趣/爱水果, so a purchase calls mark_tag.</summary>
    private const string FruitLover = """
        {
          "name": "水果铺 tagging",
          "rules": [
            { "id": "fruit-lover", "when": { "event": "purchase_recorded", "boughtCategory": "水果" }, "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] } }
          ]
        }
        """;

    [Fact]
    public async Task A_purchase_WeCom_refused_for_good_is_seen_understood_replayed_after_the_fix_and_tagged_once()
    {
        var suite = TestSuite.Fresh();
        using var wecom = new FakeWeComApi();
        wecom.FailWith(FakeWeComApi.MarkTag, 40068);
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.Url),
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Automation:Reevaluation:Enabled", "false"),
            WorkerProcess.PrefixSetting(out var prefix),
        ]).ToList();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var customer = EventXml.NewId("wo");
        await SeedAsync(worker, suite, customer);
        var errorQueue = $"{prefix}-customer-automation_error";
        var audit = new FakeLogger<DeadLetterClient>();
        using var dlq = new DeadLetterClient(DeadLetterOptions.Create(RealServices.RabbitMq), audit);

        await worker.Services.GetRequiredService<IBus>().Publish(new CustomerPurchaseRecorded
        {
            CorpId = suite.CorpId,
            ExternalUserId = customer,
            OrderId = "ORDER-" + RandomNumberGenerator.GetHexString(8),
            Amount = 88.8m,
            PurchasedAt = DateTimeOffset.UtcNow,
            Categories = ["水果"],
        });

        // See: the queue, its depth, and the message with its reason.
        var queue = await EventuallyAsync(
            async () => (await dlq.ListQueuesAsync(10, Actor, default)).SingleOrDefault(q => q.Name == errorQueue && q.Depth == 1),
            () => $"WeCom saw: {string.Join(", ", wecom.Calls.Select(c => c.Path))}\n{worker.LogText()}");
        var listed = Assert.Single(queue.Messages);
        Assert.Equal("WeComGateway.Contracts:CustomerPurchaseRecorded", listed.MessageType);
        Assert.Equal(suite.CorpId, listed.CorpId);
        Assert.Equal("fault", listed.Reason.Kind);
        Assert.Contains("WeComApiException", listed.Reason.ExceptionType, StringComparison.Ordinal);
        Assert.Contains("40068", listed.Reason.Summary, StringComparison.Ordinal);
        Assert.NotNull(listed.FirstFailedAt);
        Assert.NotNull(queue.OldestAge);

        // Understand: every header and the body; the workers' errcode when they wrote it.
        var shown = await dlq.ShowAsync(errorQueue, listed.MessageId!, Actor, default);
        Assert.NotNull(shown);
        Assert.Equal($"{prefix}-customer-automation", shown.Destination);
        Assert.Contains("MT-Fault-ExceptionType", shown.Headers.Keys);
        Assert.Contains(customer, shown.Body, StringComparison.Ordinal);
        if (shown.Headers.TryGetValue("wecomgw-fault-errcode", out var errCode))
        {
            Assert.Equal("40068", errCode);
            Assert.Equal(40068, listed.Reason.ErrCode);
        }

        // Fix, then replay: the message goes back and mark_tag succeeds, once.
        var refusedCalls = wecom.Bodies(FakeWeComApi.MarkTag).Count;
        wecom.Heal(FakeWeComApi.MarkTag);
        var result = await dlq.ReplayAsync(errorQueue, new ReplayFilter { MessageId = listed.MessageId }, Actor, null, default);

        Assert.Equal((1, 0, 0), (result.Replayed, result.Skipped, result.Failed));
        await EventuallyAsync(
            () => Task.FromResult(wecom.Bodies(FakeWeComApi.MarkTag).Skip(refusedCalls).ToList() is { Count: > 0 } calls ? calls : null),
            worker.LogText);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a second delivery would have arrived by now
        var mark = Assert.Single(wecom.Bodies(FakeWeComApi.MarkTag).Skip(refusedCalls));
        Assert.Equal(customer, (string?)mark?["external_userid"]);
        Assert.Contains(wecom.TagId("兴趣", "爱水果"), mark?["add_tag"]?.AsArray().Select(t => (string?)t) ?? []);
        Assert.Equal(0, await dlq.DepthAsync(errorQueue, Actor, default));
        Assert.Contains(audit.Collector.GetSnapshot(), r => r.Message.Contains($"DLQ replay {result.ReplayId} by test:ops", StringComparison.Ordinal));

        // Verify: the purchase is now in the customer's facts.
        var facts = await worker.Services.GetRequiredService<ICustomerFactsStore>().GetAsync(suite.CorpId, customer, default);
        Assert.Equal(1, JsonSerializer.Deserialize<CustomerFacts>(facts!.Json, JsonSerializerOptions.Web)!.PurchaseCount);
    }

    /// <summary>The corp is authorized, its suite ticket is in, it tags fruit buyers, and an employee follows the customer.</summary>
    private static async Task SeedAsync(WorkerProcess worker, TestSuite suite, string customer)
    {
        var now = DateTimeOffset.UtcNow;
        var services = worker.Services;
        await services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, "PERM-" + RandomNumberGenerator.GetHexString(16), "水果铺", now), default);
        await services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suite.SuiteId, new SuiteTicket("ticket-dlq", now, now), default);
        await services.GetRequiredService<IRuleSetStore>().SetAsync(suite.CorpId, FruitLover, default);
        var facts = CustomerFacts.New(suite.CorpId, customer) with { FollowUsers = ["zhangsan"], AddedAt = now.AddDays(-3) };
        Assert.True(await services.GetRequiredService<ICustomerFactsStore>().TryWriteAsync(
            suite.CorpId, customer, 0, JsonSerializer.Serialize(facts, JsonSerializerOptions.Web), null, default));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> explain)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"not within 60 s.\n{explain()}");
    }
}
