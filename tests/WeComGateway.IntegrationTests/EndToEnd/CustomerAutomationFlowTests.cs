using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// A customer scans a channel QR code and adds an employee: one signed callback into the receiver, real RabbitMQ and
/// Redis, the worker host, WireMock as WeCom. Out come the welcome message, the channel and stage tags in one mark_tag,
/// and the facts on the bus — once each, although WeCom delivers the callback twice and the bus delivers it again.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class CustomerAutomationFlowTests
{
    [Fact]
    public async Task A_customer_from_a_channel_QR_code_is_welcomed_tagged_and_staged_once_even_when_delivered_three_times()
    {
        var suite = TestSuite.Fresh();
        using var wecom = new FakeWeComApi(customerName: "李雷");
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.Url),
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Automation:Reevaluation:Enabled", "false"),
            WorkerProcess.PrefixSetting(out _),
        ]).ToList();
        await using var subscriber = await PlainSubscriber.BindAsync(
            ["WeComGateway.Contracts:ExternalContactAdded", "WeComGateway.Contracts:WelcomeMessageSent", "WeComGateway.Contracts:LifecycleStageChanged"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, "PERM-" + RandomNumberGenerator.GetHexString(24), "水果铺", DateTimeOffset.UtcNow), default);
        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.SuiteTicket(suite, "ticket-e2e")));

        var customer = EventXml.NewId("wo");
        var added = EventXml.ContactAdded(suite, customer, state: "poster-42", welcomeCode: "WELCOME-" + RandomNumberGenerator.GetHexString(16));
        var callback = SignedCallback.Post(suite, "command", added);
        Assert.Equal("success", await (await receiver.PostAsync(callback)).Content.ReadAsStringAsync());
        Assert.Equal("success", await (await receiver.PostAsync(callback)).Content.ReadAsStringAsync()); // WeCom's retry

        var sent = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":WelcomeMessageSent", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(customer, sent.Message.GetProperty("externalUserId").GetString());
        var staged = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":LifecycleStageChanged", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("新客户", staged.Message.GetProperty("to").GetString());

        // The bus delivers the same event once more (e.g. an outbox relay after a lost confirm): consumers are idempotent.
        var original = Assert.Single(subscriber.Messages, m => m.Exchange.EndsWith(":ExternalContactAdded", StringComparison.Ordinal));
        await receiver.Services.GetRequiredService<IBus>().Publish(original.Message.Deserialize<ExternalContactAdded>(JsonSerializerOptions.Web)!);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var welcome = Assert.Single(wecom.Bodies(FakeWeComApi.SendWelcome));
        Assert.Contains("李雷", (string?)welcome?["text"]?["content"], StringComparison.Ordinal);
        var mark = Assert.Single(wecom.Bodies(FakeWeComApi.MarkTag));
        Assert.Equal(customer, (string?)mark?["external_userid"]);
        Assert.Equal("zhangsan", (string?)mark?["userid"]);
        var addTag = mark?["add_tag"]?.AsArray().Select(t => (string?)t).ToList() ?? [];
        Assert.Equal(2, addTag.Count);
        Assert.Contains(wecom.TagId("渠道", "poster-42"), addTag);
        Assert.Contains(wecom.TagId("客户阶段", "新客户"), addTag);
        Assert.Single(subscriber.Messages, m => m.Exchange.EndsWith(":WelcomeMessageSent", StringComparison.Ordinal));
        Assert.Single(subscriber.Messages, m => m.Exchange.EndsWith(":LifecycleStageChanged", StringComparison.Ordinal));
    }
}
