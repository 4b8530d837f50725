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
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.IntegrationTests.Operations;

/// <summary>
/// The operator's loop on the real worker host, RabbitMQ, Redis and WeCom (the emulator, over HTTP): a purchase that WeCom refuses
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
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await wecom.FailAlwaysAsync(WeComApis.MarkTag, 40068);
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.ApiBaseUrl),
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Automation:Reevaluation:Enabled", "false"),
            WorkerProcess.PrefixSetting(out var prefix),
        ]).ToList();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var customer = EventXml.NewId("wo");
        await SeedAsync(worker, wecom, suite, customer);
        var errorQueue = $"{prefix}-customer-automation_error";
        var audit = new FakeLogger<DeadLetterClient>();
        using var dlq = new DeadLetterClient(DeadLetterOptions.Create(RealServices.RabbitMq), audit);

        await PublishPurchaseAsync(worker, suite, customer);

        // See: the queue, its depth, and the message with its reason.
        var queue = await Eventually.ValueAsync(
            async () => (await dlq.ListQueuesAsync(10, Actor, default)).SingleOrDefault(q => q.Name == errorQueue && q.Depth == 1),
            $"{errorQueue} to hold the refused purchase",
            async () => $"{await wecom.DescribeCallsAsync()}\n{worker.LogText()}",
            TimeSpan.FromSeconds(60));
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
        var refusedCalls = await wecom.CountAsync(WeComApis.MarkTag);
        await wecom.HealAsync(WeComApis.MarkTag);
        var result = await dlq.ReplayAsync(errorQueue, new ReplayFilter { MessageId = listed.MessageId }, Actor, null, default);

        Assert.Equal((1, 0, 0), (result.Replayed, result.Skipped, result.Failed));
        // A marker behind the replay on the same queue: another customer's purchase. Once it is tagged, a second
        // delivery of the replayed purchase (in the queue before it) would have been tagged too.
        var marker = EventXml.NewId("wo");
        await SeedAsync(worker, wecom, suite, marker);
        await PublishPurchaseAsync(worker, suite, marker);
        await Eventually.HoldsAsync(
            async () => (await wecom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag)).Any(m => m.ExternalUserId == marker),
            "the marker purchase to be tagged",
            async () => $"{await wecom.DescribeCallsAsync()}\n{worker.LogText()}",
            TimeSpan.FromSeconds(60));
        var replayed = (await wecom.CallsAsync(WeComApis.MarkTag)).Skip(refusedCalls).Where(c => c.Body<MarkTagRequest>().ExternalUserId == customer).ToList();
        var mark = Assert.Single(replayed);
        Assert.Equal(0, mark.Errcode);
        Assert.Contains(await wecom.TagIdAsync(suite.CorpId, "兴趣", "爱水果"), mark.Strings("add_tag"));
        Assert.Equal(0, await dlq.DepthAsync(errorQueue, Actor, default));
        Assert.Contains(audit.Collector.GetSnapshot(), r => r.Message.Contains($"DLQ replay {result.ReplayId} by test:ops", StringComparison.Ordinal));

        // Verify: the purchase is now in the customer's facts.
        var facts = await worker.Services.GetRequiredService<ICustomerFactsStore>().GetAsync(suite.CorpId, customer, default);
        Assert.Equal(1, JsonSerializer.Deserialize<CustomerFacts>(facts!.Json, JsonSerializerOptions.Web)!.PurchaseCount);
    }

    /// <summary>The corp is authorized (at WeCom and here), its suite ticket is in, it tags fruit buyers, and an employee follows the customer.</summary>
    private static async Task SeedAsync(WorkerProcess worker, WeComEmulator wecom, TestSuite suite, string customer)
    {
        var now = DateTimeOffset.UtcNow;
        var services = worker.Services;
        var permanentCode = await wecom.AuthorizeAsync(suite.CorpId, "水果铺", "PERM-" + suite.CorpId);
        await services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, permanentCode, "水果铺", now), default);
        await services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suite.SuiteId, new SuiteTicket("ticket-dlq", now, now), default);
        await services.GetRequiredService<IRuleSetStore>().SetAsync(suite.CorpId, FruitLover, default);
        var facts = CustomerFacts.New(suite.CorpId, customer) with { FollowUsers = ["zhangsan"], AddedAt = now.AddDays(-3) };
        Assert.True(await services.GetRequiredService<ICustomerFactsStore>().TryWriteAsync(
            suite.CorpId, customer, 0, JsonSerializer.Serialize(facts, JsonSerializerOptions.Web), null, default));
    }

    private static Task PublishPurchaseAsync(WorkerProcess worker, TestSuite suite, string customer) =>
        worker.Services.GetRequiredService<IBus>().Publish(new CustomerPurchaseRecorded
        {
            CorpId = suite.CorpId,
            ExternalUserId = customer,
            OrderId = "ORDER-" + RandomNumberGenerator.GetHexString(8),
            Amount = 88.8m,
            PurchasedAt = DateTimeOffset.UtcNow,
            Categories = ["水果"],
        });
}
