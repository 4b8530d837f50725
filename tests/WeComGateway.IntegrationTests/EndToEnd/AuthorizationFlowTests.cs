using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// The whole path for an enterprise installing and uninstalling a suite: signed callbacks into the receiver, real
/// RabbitMQ, the worker host, WeCom (the emulator, over HTTP), real Redis — and a plain subscriber watching the facts.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class AuthorizationFlowTests
{
    [Fact]
    public async Task An_install_becomes_an_encrypted_authorization_and_CorpAuthorized_and_an_uninstall_removes_every_key()
    {
        var suite = TestSuite.Fresh();
        var permanentCode = "PERM-" + RandomNumberGenerator.GetHexString(24);
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var authCode = await wecom.IssueAuthCodeAsync(suite.CorpId, "水果铺", permanentCode);
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.ApiBaseUrl),
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            WorkerProcess.PrefixSetting(out _),
        ]).ToList();

        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:CorpAuthorized", "WeComGateway.Contracts:CorpDeauthorized"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        await using var worker = await WorkerProcess.StartAsync(settings);
        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.SuiteTicket(suite, "ticket-e2e")));
        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CreateAuth(suite, authCode)));

        var authorized = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpAuthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(suite.CorpId, authorized.Message.GetProperty("corpId").GetString());
        Assert.DoesNotContain(permanentCode, authorized.Message.GetRawText(), StringComparison.Ordinal);
        // WeCom exchanged the code it issued (it accepts no other), called with the suite's token.
        var exchange = Assert.Single(await wecom.CallsAsync(WeComApis.PermanentCode));
        Assert.Equal((0, suite.SuiteId, suite.CorpId), (exchange.Errcode, exchange.SuiteId, exchange.CorpId));

        await using var redis = await RealServices.ConnectRedisAsync();
        var stored = await redis.GetDatabase().HashGetAllAsync($"wecomgw:{{{suite.CorpId}}}:auth:{suite.SuiteId}");
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, field => field.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));

        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CancelAuth(suite)));

        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30));
        var left = redis.GetServers().SelectMany(s => s.Keys(pattern: $"wecomgw:{{{suite.CorpId}}}:*")).Select(k => k.ToString()).ToList();
        Assert.Empty(left); // nothing: writes of the corp's data need a grant, so none comes back

        // The uninstall came after the install through the same worker: a second CorpAuthorized would be in by now.
        await subscriber.SettleAsync();
        Assert.Single(subscriber.Messages, m => m.Exchange.EndsWith(":CorpAuthorized", StringComparison.Ordinal));
        Assert.Single(subscriber.Messages, m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal));
    }
}
