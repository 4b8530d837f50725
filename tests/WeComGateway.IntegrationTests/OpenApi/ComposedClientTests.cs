using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.IntegrationTests.Tokens;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.WeComApi;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.IntegrationTests.OpenApi;

/// <summary>
/// The open-API client as a worker composes it (AddWeComApi + AddWeComTokens + the Redis stores), against real Redis
/// and WireMock as WeCom: tokens are fetched through the chain suite → corp and injected into the query.
/// </summary>
public sealed class ComposedClientTests
{
    [Fact]
    public async Task A_corp_call_fetches_the_suite_token_then_the_corp_token_and_sends_it_as_access_token()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        wecom.Server.Given(Request.Create().WithPath("/cgi-bin/externalcontact/mark_tag").UsingPost())
            .RespondWith(Response.Create().WithBodyAsJson(new { errcode = 0, errmsg = "ok" }));

        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = ["et1"] }, wecom.CorpToken);
        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = ["et2"] }, wecom.CorpToken);

        var markTags = wecom.Requests("/cgi-bin/externalcontact/mark_tag");
        Assert.Equal(2, markTags.Count);
        Assert.All(markTags, r => Assert.Equal("corp-token-1", r.Query!["access_token"].Single()));
        Assert.Single(wecom.Requests(FakeWeCom.CorpTokenPath));
        Assert.Equal("suite-token-1", wecom.Requests(FakeWeCom.CorpTokenPath)[0].Query!["suite_access_token"].Single());
    }

    [Fact]
    public async Task A_token_WeCom_calls_expired_is_replaced_once_and_the_call_resent_once()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        wecom.Server.Given(Request.Create().WithPath("/cgi-bin/externalcontact/mark_tag").UsingPost())
            .InScenario("expired").WillSetStateTo("refreshed")
            .RespondWith(Response.Create().WithBodyAsJson(new { errcode = 42001, errmsg = "access_token expired" }));
        wecom.Server.Given(Request.Create().WithPath("/cgi-bin/externalcontact/mark_tag").UsingPost())
            .InScenario("expired").WhenStateIs("refreshed")
            .RespondWith(Response.Create().WithBodyAsJson(new { errcode = 0, errmsg = "ok" }));

        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = ["et1"] }, wecom.CorpToken);

        var markTags = wecom.Requests("/cgi-bin/externalcontact/mark_tag");
        Assert.Equal(["corp-token-1", "corp-token-2"], markTags.Select(r => r.Query!["access_token"].Single()));
        Assert.Equal(2, wecom.Requests(FakeWeCom.CorpTokenPath).Count);
    }

    [Fact]
    public async Task A_permanent_error_reaches_the_caller_typed_without_the_token()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        wecom.Server.Given(Request.Create().WithPath("/cgi-bin/externalcontact/mark_tag").UsingPost())
            .RespondWith(Response.Create().WithBodyAsJson(new { errcode = 84061, errmsg = "not external contact" }));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() =>
            wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = ["et1"] }, wecom.CorpToken));

        Assert.Equal(84061, error.ErrCode);
        Assert.Equal(WeComErrorKind.Permanent, error.Kind);
        Assert.Equal(wecom.CorpId, error.CorpId);
        Assert.DoesNotContain("corp-token", error.ToString(), StringComparison.Ordinal);
        Assert.Single(wecom.Requests("/cgi-bin/externalcontact/mark_tag"));
    }

    /// <summary>WeCom (WireMock), Redis with a fresh suite ticket and a stored authorization, and the composed client.</summary>
    private sealed class ComposedWeCom : IAsyncDisposable
    {
        private readonly FakeWeCom _tokens;
        private readonly ServiceProvider _services;

        private ComposedWeCom(FakeWeCom tokens, ServiceProvider services, string suiteId, string corpId)
        {
            _tokens = tokens;
            _services = services;
            CorpId = corpId;
            CorpToken = TokenKey.Corp(suiteId, corpId);
            Api = services.GetRequiredService<IWeComExternalContactApi>();
        }

        public WireMockServer Server => _tokens.Server;

        public string CorpId { get; }

        public TokenKey CorpToken { get; }

        public IWeComExternalContactApi Api { get; }

        public List<WireMock.IRequestMessage> Requests(string path) => _tokens.Requests(path).ToList();

        public static async Task<ComposedWeCom> StartAsync()
        {
            var suiteId = EventIds.New("wwsuite");
            var corpId = EventIds.New("wwcorp");
            var tokens = new FakeWeCom();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Redis"] = RealServices.Redis,
                ["Gateway:SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["WeCom:ApiBaseUrl"] = tokens.Url.ToString(),
                ["WeCom:ProviderCorpId"] = "wwprovider",
                ["WeCom:Suites:0:SuiteId"] = suiteId,
                ["WeCom:Suites:0:SuiteSecret"] = "suite-secret",
                ["WeCom:Suites:0:Token"] = "token",
                ["WeCom:Suites:0:EncodingAesKey"] = "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .AddSingleton<IConfiguration>(configuration)
                .AddGatewayStores(configuration)
                .AddWeComApi(configuration)
                .AddWeComTokens(configuration)
                .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            var now = DateTimeOffset.UtcNow;
            await services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suiteId, new SuiteTicket("ticket", now, now), CancellationToken.None);
            await services.GetRequiredService<IAuthorizationStore>().SaveAsync(
                new CorpAuthorization(corpId, suiteId, "permanent-code", "测试企业", now), CancellationToken.None);
            return new ComposedWeCom(tokens, services, suiteId, corpId);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.GetRequiredService<IAuthorizationStore>().DeleteCorpAsync(CorpId, CancellationToken.None);
            await _services.DisposeAsync();
            _tokens.Dispose();
        }
    }
}

internal static class EventIds
{
    public static string New(string prefix) => prefix + RandomNumberGenerator.GetHexString(12, lowercase: true);
}
