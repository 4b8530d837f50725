using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// The whole path for an enterprise installing and uninstalling a suite: signed callbacks into the receiver, real
/// RabbitMQ, the worker host, WireMock as WeCom, real Redis — and a plain subscriber watching the facts.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class AuthorizationFlowTests
{
    [Fact]
    public async Task An_install_becomes_an_encrypted_authorization_and_CorpAuthorized_and_an_uninstall_removes_every_key()
    {
        var suite = TestSuite.Fresh();
        var permanentCode = "PERM-" + RandomNumberGenerator.GetHexString(24);
        var authCode = "AUTH-" + RandomNumberGenerator.GetHexString(24);
        using var wecom = WireMockServer.Start();
        wecom.Given(Request.Create().WithPath("/cgi-bin/service/get_suite_token").UsingPost())
            .RespondWith(Response.Create().WithBodyAsJson(new { suite_access_token = "suite-token-e2e", expires_in = 7200 }));
        wecom.Given(Request.Create().WithPath("/cgi-bin/service/get_permanent_code").UsingPost())
            .RespondWith(Response.Create().WithBodyAsJson(new
            {
                permanent_code = permanentCode,
                auth_corp_info = new { corpid = suite.CorpId, corp_name = "水果铺" },
                auth_info = new { agent = new[] { new { agentid = 1000001, name = "客户助手" } } },
            }));
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.Url),
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
        var exchange = Assert.Single(wecom.LogEntries.Select(e => e.RequestMessage).OfType<IRequestMessage>(), r => r.Path == "/cgi-bin/service/get_permanent_code");
        Assert.Equal("suite-token-e2e", exchange.Query?["suite_access_token"].Single());
        Assert.Contains(authCode, exchange.Body ?? "", StringComparison.Ordinal);

        await using var redis = await RealServices.ConnectRedisAsync();
        var stored = await redis.GetDatabase().HashGetAllAsync($"wecomgw:{{{suite.CorpId}}}:auth");
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, field => field.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));

        Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CancelAuth(suite)));

        Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
        var left = redis.GetServers().SelectMany(s => s.Keys(pattern: $"wecomgw:{{{suite.CorpId}}}:*")).Select(k => k.ToString()).ToList();
        Assert.Equal([$"wecomgw:{{{suite.CorpId}}}:gone"], left); // only the tombstone that keeps late writers out
    }
}
