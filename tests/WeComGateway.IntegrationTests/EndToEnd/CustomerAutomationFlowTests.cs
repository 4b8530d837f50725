using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// A customer scans a channel QR code and adds an employee: one signed callback into the receiver, real RabbitMQ and
/// Redis, the worker host, WeCom (the emulator, over HTTP). Out come the welcome message, the channel and stage tags in
/// one mark_tag, and the facts on the bus — once each, although WeCom delivers the callback twice and the bus delivers
/// it again.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class CustomerAutomationFlowTests
{
    [Fact]
    public async Task A_customer_from_a_channel_QR_code_is_welcomed_tagged_and_staged_once_even_when_delivered_three_times()
    {
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom);
        await using var subscriber = await PlainSubscriber.BindAsync(
            ["WeComGateway.Contracts:ExternalContactAdded", "WeComGateway.Contracts:WelcomeMessageSent", "WeComGateway.Contracts:LifecycleStageChanged"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        var permanentCode = await wecom.AuthorizeAsync(suite.CorpId, "水果铺");
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, permanentCode, "水果铺", DateTimeOffset.UtcNow), default);
        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.SuiteTicket(suite, "ticket-e2e")));

        var customer = EventXml.NewId("wo");
        await wecom.NameCustomerAsync(suite.CorpId, customer, "李雷");
        var welcomeCode = "WELCOME-" + RandomNumberGenerator.GetHexString(16);
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, customer, state: "poster-42", welcomeCode: welcomeCode));
        Assert.Equal("success", await (await receiver.PostAsync(callback)).Content.ReadAsStringAsync());
        Assert.Equal("success", await (await receiver.PostAsync(callback)).Content.ReadAsStringAsync()); // WeCom's retry

        var sent = Assert.Single(await subscriber.WaitForAsync(m => IsAbout(m, ":WelcomeMessageSent", customer), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(customer, sent.Message.GetProperty("externalUserId").GetString());
        var staged = Assert.Single(await subscriber.WaitForAsync(m => IsAbout(m, ":LifecycleStageChanged", customer), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("新客户", staged.Message.GetProperty("to").GetString());

        // The bus delivers the same event once more (e.g. an outbox relay after a lost confirm): consumers are idempotent.
        var original = Assert.Single(subscriber.Messages, m => IsAbout(m, ":ExternalContactAdded", customer));
        await receiver.Services.GetRequiredService<IBus>().Publish(original.Message.Deserialize<ExternalContactAdded>(JsonSerializerOptions.Web)!);

        // A marker behind it on the same queues: another customer's add. Once both consumers are done with the marker,
        // they have had the duplicate in front of it.
        var marker = EventXml.NewId("wo");
        var markerAdded = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, marker, state: "poster-42", welcomeCode: "WELCOME-" + RandomNumberGenerator.GetHexString(16)));
        Assert.Equal("success", await (await receiver.PostAsync(markerAdded)).Content.ReadAsStringAsync());
        await subscriber.WaitForAsync(m => IsAbout(m, ":WelcomeMessageSent", marker), 1, TimeSpan.FromSeconds(30));
        await subscriber.WaitForAsync(m => IsAbout(m, ":LifecycleStageChanged", marker), 1, TimeSpan.FromSeconds(30));
        await subscriber.SettleAsync();

        var welcome = Assert.Single(await wecom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome), w => w.WelcomeCode == welcomeCode);
        Assert.Contains("李雷", welcome.Text?.Content, StringComparison.Ordinal);
        var mark = Assert.Single(await wecom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag), m => m.ExternalUserId == customer);
        Assert.Equal("zhangsan", mark.UserId);
        var addTag = mark.AddTag ?? [];
        Assert.Equal(2, addTag.Count);
        Assert.Contains(await wecom.TagIdAsync(suite.CorpId, "渠道", "poster-42"), addTag);
        Assert.Contains(await wecom.TagIdAsync(suite.CorpId, "客户阶段", "新客户"), addTag);
        Assert.Single(subscriber.Messages, m => IsAbout(m, ":WelcomeMessageSent", customer));
        Assert.Single(subscriber.Messages, m => IsAbout(m, ":LifecycleStageChanged", customer));
    }

    private static bool IsAbout(PlainSubscriber.Received message, string contract, string customer) =>
        message.Exchange.EndsWith(contract, StringComparison.Ordinal)
        && message.Message.TryGetProperty("externalUserId", out var id) && id.GetString() == customer;
}
