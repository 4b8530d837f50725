using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;
using WeComGateway.WeComApi;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.OpenApi;

/// <summary>
/// The open-API client as a worker composes it (AddWeComApi + AddWeComTokens + the Redis stores), against real Redis
/// and WeCom (the emulator, over HTTP): tokens are fetched through the chain suite → corp and injected into the query.
/// </summary>
public sealed class ComposedClientTests
{
    [Fact]
    public async Task A_corp_call_fetches_the_suite_token_then_the_corp_token_and_sends_it_as_access_token()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        var (et1, et2) = (await wecom.Emulator.AddTagAsync(wecom.CorpId, "兴趣", "爱水果"), await wecom.Emulator.AddTagAsync(wecom.CorpId, "兴趣", "爱蔬菜"));

        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = [et1] }, wecom.CorpToken);
        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = [et2] }, wecom.CorpToken);

        // WeCom accepted both with the corp token it issued to this suite for this corp, fetched once.
        var markTags = await wecom.Emulator.CallsAsync(WeComApis.MarkTag);
        Assert.Equal(2, markTags.Count);
        Assert.All(markTags, c => Assert.Equal((0, wecom.CorpId, wecom.SuiteId), (c.Errcode, c.CorpId, c.SuiteId)));
        var corpToken = Assert.Single(await wecom.Emulator.CallsAsync(WeComApis.CorpToken));
        Assert.Equal((0, wecom.SuiteId), (corpToken.Errcode, corpToken.SuiteId)); // with the suite's token
        Assert.Single(await wecom.Emulator.CallsAsync(WeComApis.SuiteToken));
    }

    [Fact]
    public async Task A_token_WeCom_calls_expired_is_replaced_once_and_the_call_resent_once()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        var et1 = await wecom.Emulator.AddTagAsync(wecom.CorpId, "兴趣", "爱水果");
        var held = await wecom.Tokens.GetAsync(wecom.CorpToken, default);  // the gateway holds a corp token
        await wecom.Emulator.ExpireCorpTokenAsync(wecom.CorpId);            // that WeCom ends early

        await wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = [et1] }, wecom.CorpToken);

        Assert.Equal([42001, 0], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Errcode));
        Assert.Equal(2, (await wecom.Emulator.CallsAsync(WeComApis.CorpToken)).Count);
        var replaced = await wecom.Tokens.GetAsync(wecom.CorpToken, default);
        Assert.NotEqual(held.Value, replaced.Value);
        Assert.Equal(await wecom.Emulator.CorpTokenAsync(wecom.CorpId), replaced.Value);
    }

    [Fact]
    public async Task A_permanent_error_reaches_the_caller_typed_without_the_token()
    {
        await using var wecom = await ComposedWeCom.StartAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, 84061, errmsg: "not external contact");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() =>
            wecom.Api.MarkTagAsync(new MarkTagRequest("zhangsan", "woCustomer") { AddTag = ["et1"] }, wecom.CorpToken));

        Assert.Equal(84061, error.ErrCode);
        Assert.Equal(WeComErrorKind.Permanent, error.Kind);
        Assert.Equal(wecom.CorpId, error.CorpId);
        Assert.DoesNotContain(await wecom.Emulator.CorpTokenAsync(wecom.CorpId), error.ToString(), StringComparison.Ordinal);
        Assert.Single(await wecom.Emulator.CallsAsync(WeComApis.MarkTag));
    }

    /// <summary>WeCom (the emulator, which knows the corp's permanent code), Redis with a fresh suite ticket and the stored authorization, and the composed client.</summary>
    private sealed class ComposedWeCom : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private ComposedWeCom(WeComEmulator emulator, ServiceProvider services, string suiteId, string corpId)
        {
            Emulator = emulator;
            _services = services;
            SuiteId = suiteId;
            CorpId = corpId;
            CorpToken = TokenKey.Corp(suiteId, corpId);
            Api = services.GetRequiredService<IWeComExternalContactApi>();
        }

        public WeComEmulator Emulator { get; }

        public string SuiteId { get; }

        public string CorpId { get; }

        public TokenKey CorpToken { get; }

        public IWeComExternalContactApi Api { get; }

        public IAccessTokenProvider Tokens => _services.GetRequiredService<IAccessTokenProvider>();

        public static async Task<ComposedWeCom> StartAsync()
        {
            var suiteId = EventIds.New("wwsuite");
            var corpId = EventIds.New("wwcorp");
            var emulator = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Redis"] = RealServices.Redis,
                ["Gateway:SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["WeCom:ApiBaseUrl"] = emulator.ApiBaseUrl,
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
            var permanentCode = await emulator.AuthorizeAsync(corpId, "测试企业");
            await services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suiteId, new SuiteTicket("ticket", now, now), CancellationToken.None);
            await services.GetRequiredService<IAuthorizationStore>().SaveAsync(
                new CorpAuthorization(corpId, suiteId, permanentCode, "测试企业", now), CancellationToken.None);
            return new ComposedWeCom(emulator, services, suiteId, corpId);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.GetRequiredService<IAuthorizationStore>().DeleteCorpAsync(CorpId, CancellationToken.None);
            await _services.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}

internal static class EventIds
{
    public static string New(string prefix) => prefix + RandomNumberGenerator.GetHexString(12, lowercase: true);
}
