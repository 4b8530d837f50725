using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// One enterprise, two suites of the same provider — a third-party app and a 代开发 app — through signed callbacks,
/// real RabbitMQ and Redis, the worker host and the emulator over HTTP: each grant gets its own corp token the way its
/// kind does (get_corp_token, gettoken), the cancel of one leaves the other working, and the last cancel leaves no key
/// of the corp, although the corp's events are still being consumed.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class TenancyFlowTests
{
    [Fact]
    public async Task Two_suites_of_one_corp_each_get_their_own_token_and_cancelling_one_leaves_the_other_working()
    {
        var thirdParty = TestSuite.Fresh();
        var customApp = CustomAppOf(thirdParty);
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = Settings(thirdParty, customApp, wecom, ("WeCom:PreferredSuites:" + thirdParty.CorpId, customApp.SuiteId));
        await using var subscriber = await PlainSubscriber.BindAsync(
            ["WeComGateway.Contracts:CorpAuthorized", "WeComGateway.Contracts:CorpDeauthorized", "WeComGateway.Contracts:LifecycleStageChanged"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        await InstallAsync(receiver, wecom, subscriber, thirdParty, customApp);

        // Tags go through the preferred 代开发 grant (gettoken); the welcome through the suite that received the code.
        var first = await AddCustomerAsync(receiver, subscriber, worker, thirdParty);
        var firstMark = Assert.Single(await wecom.CallsAsync(WeComApis.MarkTag), c => c.Body<MarkTagRequest>().ExternalUserId == first);
        Assert.Equal(customApp.SuiteId, firstMark.SuiteId);
        Assert.Equal(thirdParty.SuiteId, Assert.Single(await wecom.CallsAsync(WeComApis.SendWelcome)).SuiteId);
        Assert.Single(await wecom.CallsAsync(WeComApis.GetToken));
        Assert.Single(await wecom.CallsAsync(WeComApis.CorpToken)); // the third-party grant's, for the welcome: never one for the 代开发 code

        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, customApp, EventXml.CancelAuth(customApp)));
        var cancelled = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal((customApp.SuiteId, false), (cancelled.SuiteId, cancelled.Message.GetProperty("corpDataRemoved").GetBoolean()));

        // The corp keeps its data and the third-party grant now acts for it.
        var second = await AddCustomerAsync(receiver, subscriber, worker, thirdParty);
        var secondMark = Assert.Single(await wecom.CallsAsync(WeComApis.MarkTag), c => c.Body<MarkTagRequest>().ExternalUserId == second);
        Assert.Equal(thirdParty.SuiteId, secondMark.SuiteId);
        await using var redis = await RealServices.ConnectRedisAsync();
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"wecomgw:{{{thirdParty.CorpId}}}:customer:{first}"));
        Assert.Contains($"wecomgw:{{{thirdParty.CorpId}}}:auth:{thirdParty.SuiteId}", KeysOf(redis, thirdParty.CorpId));
        Assert.DoesNotContain($"wecomgw:{{{thirdParty.CorpId}}}:auth:{customApp.SuiteId}", KeysOf(redis, thirdParty.CorpId));

        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, thirdParty, EventXml.CancelAuth(thirdParty)));
        var last = (await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 2, TimeSpan.FromSeconds(30)))[1];
        Assert.Equal((thirdParty.SuiteId, true), (last.SuiteId, last.Message.GetProperty("corpDataRemoved").GetBoolean()));
        Assert.Empty(KeysOf(redis, thirdParty.CorpId));
        await subscriber.SettleAsync();
        Assert.Equal(2, subscriber.Messages.Count(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_the_last_cancel_no_key_of_the_corp_exists_although_its_events_are_still_being_consumed()
    {
        const int Customers = 60;
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = Settings(suite, customApp: null, wecom);
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:CorpAuthorized", "WeComGateway.Contracts:CorpDeauthorized"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        await InstallAsync(receiver, wecom, subscriber, suite);
        await wecom.SlowAsync(WeComApis.MarkTag, TimeSpan.FromMilliseconds(100), always: true); // consumers are mid-event when the cancel lands

        foreach (var _ in Enumerable.Range(0, Customers))
        {
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.ContactAdded(suite, EventXml.NewId("wo"), state: "poster-42")));
        }

        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CancelAuth(suite)));
        var deauthorized = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        Assert.True(deauthorized.Message.GetProperty("corpDataRemoved").GetBoolean());
        await using var redis = await RealServices.ConnectRedisAsync();

        // Every customer event gets consumed: each one either landed before the cancel (its keys went with the corp),
        // was dropped for want of a grant, or stopped when its grant vanished mid-event. None writes anything back.
        await Eventually.HoldsAsync(() => Handled(worker, suite.CorpId) >= Customers, "every customer event to be consumed", Eventually.Say(worker.LogText), TimeSpan.FromSeconds(90));
        Assert.Contains("holds no active grant", worker.LogText(), StringComparison.Ordinal); // some really came after the cancel
        Assert.Empty(KeysOf(redis, suite.CorpId));
        await Task.Delay(TimeSpan.FromSeconds(5)); // redeliveries and the re-evaluation scheduler have had their turn
        Assert.Empty(KeysOf(redis, suite.CorpId));
        Assert.False(await redis.GetDatabase().SetContainsAsync("wecomgw:automation:corps", suite.CorpId));
    }

    /// <summary>A 代开发 template (<c>dk…</c>) of the same provider, installed by the same corp.</summary>
    private static TestSuite CustomAppOf(TestSuite thirdParty) =>
        TestSuite.Fresh() with { SuiteId = "dk" + RandomNumberGenerator.GetHexString(14, lowercase: true), CorpId = thirdParty.CorpId, ProviderCorpId = thirdParty.ProviderCorpId };

    private static List<KeyValuePair<string, string?>> Settings(TestSuite thirdParty, TestSuite? customApp, WeComEmulator wecom, params (string Key, string? Value)[] extra)
    {
        var settings = WorkerProcess.Settings(thirdParty, wecom, extra: extra);
        if (customApp is not null)
        {
            settings.AddRange(customApp.Configuration(index: 1).Where(s => s.Key != "WeCom:ProviderCorpId")); // one provider
            settings.Add(new("WeCom:Suites:1:SuiteSecret", "custom-app-template-secret"));
            settings.Add(new("WeCom:Suites:1:Kind", "CustomApp"));
        }

        return settings;
    }

    /// <summary>create_auth of each suite, as WeCom sends it after the corp's admin installed it.</summary>
    private static async Task InstallAsync(GatewayApplication receiver, WeComEmulator wecom, PlainSubscriber subscriber, params TestSuite[] suites)
    {
        foreach (var suite in suites)
        {
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.SuiteTicket(suite, "ticket-" + suite.SuiteId)));
            var authCode = await wecom.IssueAuthCodeAsync(suite.CorpId, "水果铺", "PERM-" + RandomNumberGenerator.GetHexString(24));
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CreateAuth(suite, authCode)));
        }

        var authorized = await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpAuthorized", StringComparison.Ordinal), suites.Length, TimeSpan.FromSeconds(30));
        Assert.Equal(suites.Select(s => s.SuiteId).Order(StringComparer.Ordinal), authorized.Select(m => m.SuiteId).Order(StringComparer.Ordinal));
    }

    /// <summary>A customer adds an employee through a channel code; returns once their stage tag is set.</summary>
    private static async Task<string> AddCustomerAsync(GatewayApplication receiver, PlainSubscriber subscriber, WorkerProcess worker, TestSuite suite)
    {
        var customer = EventXml.NewId("wo");
        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.ContactAdded(suite, customer, state: "poster-42")));
        try
        {
            await subscriber.WaitForAsync(
                m => m.Exchange.EndsWith(":LifecycleStageChanged", StringComparison.Ordinal) && m.Message.GetProperty("externalUserId").GetString() == customer,
                1,
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Worker log:\n{worker.LogText()}", e);
        }

        return customer;
    }

    /// <summary>How many customer events of the corp the automation has finished with, one way or the other.</summary>
    private static int Handled(WorkerProcess worker, string corpId) => worker.LogText().Split('\n').Count(line =>
        line.Contains($"Corp {corpId} customer", StringComparison.Ordinal)
        && (line.Contains("ContactAdded matched", StringComparison.Ordinal)
            || line.Contains("holds no active grant", StringComparison.Ordinal)
            || line.Contains("cancelled meanwhile", StringComparison.Ordinal)));

    private static List<string> KeysOf(IConnectionMultiplexer redis, string corpId) =>
        [.. redis.GetServers().SelectMany(s => s.Keys(pattern: $"*{corpId}*")).Select(k => k.ToString())];
}
