using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using WeComGateway.Hosting;
using WeComGateway.Testing;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Hosting;
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
        var queuePrefix = "it" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
            ("WeCom:ApiBaseUrl", wecom.Url),
            ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Workers:QueuePrefix", queuePrefix),
        ]).ToList();

        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:CorpAuthorized", "WeComGateway.Contracts:CorpDeauthorized"]);
        await subscriber.StartConsumingAsync();
        await using var receiver = new GatewayApplication(settings);
        using var worker = StartWorker(settings);
        await worker.StartAsync();
        try
        {
            Assert.Equal("success", await Answer(receiver, suite, EventXml.SuiteTicket(suite, "ticket-e2e")));
            Assert.Equal("success", await Answer(receiver, suite, EventXml.CreateAuth(suite, authCode)));

            var authorized = Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpAuthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
            Assert.Equal(suite.CorpId, authorized.Message.GetProperty("corpId").GetString());
            Assert.DoesNotContain(permanentCode, authorized.Message.GetRawText(), StringComparison.Ordinal);
            var exchange = Assert.Single(wecom.LogEntries.Select(e => e.RequestMessage).OfType<IRequestMessage>(), r => r.Path == "/cgi-bin/service/get_permanent_code");
            Assert.Equal("suite-token-e2e", exchange.Query?["suite_access_token"].Single());
            Assert.Contains(authCode, exchange.Body ?? "", StringComparison.Ordinal);

            await using var redis = await RealServices.ConnectRedisAsync();
            var stored = await redis.GetDatabase().HashGetAllAsync($"wecomgw:corp:{suite.CorpId}:auth");
            Assert.NotEmpty(stored);
            Assert.DoesNotContain(stored, field => field.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));

            Assert.Equal("success", await Answer(receiver, suite, EventXml.CancelAuth(suite)));

            Assert.Single(await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CorpDeauthorized", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(30)));
            var left = redis.GetServers().SelectMany(s => s.Keys(pattern: $"wecomgw:corp:{suite.CorpId}:*")).ToList();
            Assert.Empty(left);
        }
        finally
        {
            await worker.StopAsync();
            await DeleteQueuesAsync(queuePrefix);
        }
    }

    private static IHost StartWorker(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayDefaults();
        builder.AddAuthorizationWorker();
        builder.AddWorkerBus();
        return builder.Build();
    }

    private static async Task<string> Answer(GatewayApplication receiver, TestSuite suite, string xml) =>
        await (await receiver.PostAsync(SignedCallback.Post(suite, "command", xml))).Content.ReadAsStringAsync();

    private static async Task DeleteQueuesAsync(string prefix)
    {
        using var management = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/api/") };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        var queues = await management.GetFromJsonAsync<List<NamedEntity>>("queues/%2F") ?? [];
        foreach (var queue in queues.Where(q => q.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await management.DeleteAsync($"queues/%2F/{Uri.EscapeDataString(queue.Name)}");
        }
    }

    private sealed record NamedEntity(string Name);
}
