using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>
/// A 代开发 grant's corp token, on the wire: <c>GET /cgi-bin/gettoken?corpid=&amp;corpsecret=</c> with the permanent code
/// as the secret — no suite token, no get_corp_token — and what each errcode of that path does to the grant.
/// </summary>
public sealed class CustomAppTokenTests
{
    private const string CustomApp = "dkcustomapp000001";
    private const string CorpId = "wwcorpCustom";
    private const string Secret = "custom-app-secret-never-logged";
    private const string GetToken = "/cgi-bin/gettoken";

    [Fact]
    public async Task The_token_comes_from_gettoken_with_the_corp_and_the_permanent_code_and_nothing_else()
    {
        await using var wecom = ClientUnderTest.OverWireMock();
        wecom.Wire.Always(GetToken, Ok("\"access_token\":\"custom-app-token\",\"expires_in\":7200"));
        var (source, _, _) = await SourceAsync(wecom);

        var token = await source.FetchAsync(TokenKey.Corp(CustomApp, CorpId), default);

        Assert.Equal("custom-app-token", token.Value);
        var request = Assert.Single(wecom.Wire.LogEntries).RequestMessage!;
        Assert.Equal(("GET", GetToken), (request.Method, request.Path));
        Assert.Equal(CorpId, request.Query!["corpid"].Single());
        Assert.Equal(Secret, request.Query!["corpsecret"].Single());
        Assert.Equal(["corpid", "corpsecret"], request.Query!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(WeComErrorCodes.InvalidSecret)]
    [InlineData(WeComErrorCodes.InvalidPermanentCode)]
    [InlineData(WeComErrorCodes.AuthorizationInvalid)]
    public async Task A_refused_secret_marks_only_that_grant_inactive_with_an_alert_that_names_no_secret(int errCode)
    {
        await using var wecom = ClientUnderTest.OverWireMock();
        wecom.Wire.Always(GetToken, ErrCode(errCode, "invalid credential"));
        var (source, grants, logs) = await SourceAsync(wecom);
        await grants.SaveAsync(new CorpAuthorization(CorpId, "wwthirdparty00001", "third-party-code", null, DateTimeOffset.UtcNow), default);

        var error = await Assert.ThrowsAsync<CorpInactiveException>(() => source.FetchAsync(TokenKey.Corp(CustomApp, CorpId), default));
        var again = await Assert.ThrowsAsync<CorpInactiveException>(() => source.FetchAsync(TokenKey.Corp(CustomApp, CorpId), default));

        Assert.Equal(errCode, error.ErrCode);
        Assert.Single(wecom.Wire.LogEntries); // not called again with a secret WeCom refused
        Assert.False((await grants.GetAsync(CorpId, CustomApp, default))!.Active);
        Assert.True((await grants.GetAsync(CorpId, "wwthirdparty00001", default))!.Active);
        var alert = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("gettoken", alert.Message, StringComparison.Ordinal);
        Assert.Contains(CustomApp, alert.Message, StringComparison.Ordinal);
        foreach (var text in new[] { error.Message, again.Message, alert.Message })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(WeComErrorCodes.InvalidAccessToken, WeComErrorKind.TokenInvalid)]
    [InlineData(WeComErrorCodes.AccessTokenExpired, WeComErrorKind.TokenInvalid)]
    [InlineData(WeComErrorCodes.SystemBusy, WeComErrorKind.Transient)]
    [InlineData(WeComErrorCodes.FrequencyLimit, WeComErrorKind.RateLimited)]
    public async Task Other_errcodes_of_gettoken_keep_the_grant_active_and_surface_with_their_kind(int errCode, WeComErrorKind kind)
    {
        await using var wecom = ClientUnderTest.OverWireMock();
        wecom.Wire.Always(GetToken, ErrCode(errCode));
        var (source, grants, _) = await SourceAsync(wecom);

        var error = await Assert.ThrowsAnyAsync<WeComApiException>(() => source.FetchAsync(TokenKey.Corp(CustomApp, CorpId), default));

        Assert.Equal((errCode, kind, "gettoken", CorpId), (error.ErrCode, error.Kind, error.Api, error.CorpId));
        Assert.True((await grants.GetAsync(CorpId, CustomApp, default))!.Active);
    }

    [Fact]
    public async Task A_third_party_grant_of_the_same_corp_still_uses_get_corp_token()
    {
        await using var wecom = ClientUnderTest.OverWireMock();
        wecom.Wire.Always("/cgi-bin/service/get_corp_token", Json("""{"access_token":"third-party-token","expires_in":7200}"""));
        var (source, grants, _) = await SourceAsync(wecom);
        await grants.SaveAsync(new CorpAuthorization(CorpId, "wwthirdparty00001", "third-party-code", null, DateTimeOffset.UtcNow), default);

        var token = await source.FetchAsync(TokenKey.Corp("wwthirdparty00001", CorpId), default);

        Assert.Equal("third-party-token", token.Value);
        Assert.Equal("/cgi-bin/service/get_corp_token", Assert.Single(wecom.Wire.LogEntries).RequestMessage!.Path);
    }

    /// <summary>The token source over the composed client, with the 代开发 grant stored and both suites configured.</summary>
    private static async Task<(WeComTokenSource Source, InMemoryAuthorizationStore Grants, FakeLogCollector Logs)> SourceAsync(ClientUnderTest wecom)
    {
        var grants = new InMemoryAuthorizationStore();
        await grants.SaveAsync(new CorpAuthorization(CorpId, CustomApp, Secret, "代开发客户", DateTimeOffset.UtcNow), default);
        var options = Options.Create(new WeComOptions
        {
            Suites =
            [
                new SuiteOptions { SuiteId = "wwthirdparty00001", SuiteSecret = "suite-secret" },
                new SuiteOptions { SuiteId = CustomApp, Kind = SuiteKind.CustomApp },
            ],
        });
        var logger = new FakeLogger<WeComTokenSource>();
        var source = new WeComTokenSource(
            wecom.Service, new InMemorySuiteTicketStore(), grants, options, Options.Create(new TokenOptions()), TimeProvider.System, logger);
        return (source, grants, logger.Collector);
    }
}
