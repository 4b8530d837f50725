using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tests.Support;
using WeComGateway.WeComApi.Tokens;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>The token in the query string, and what happens when WeCom rejects it.</summary>
public class TokenTests
{
    [Fact]
    public async Task A_token_that_expired_at_WeCom_is_invalidated_and_the_call_resent_once_with_a_fresh_token()
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        var stale = (await wecom.Tokens.GetAsync(TokenOf(CorpA), CancellationToken.None)).Value; // the gateway holds a token
        await wecom.Emulator.ExpireCorpTokenAsync(CorpA);                                       // that WeCom expires early

        await wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(CorpA));

        Assert.Equal([WeComErrorCodes.AccessTokenExpired, 0], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Errcode));
        Assert.Equal((TokenOf(CorpA), stale), Assert.Single(wecom.Tokens.Invalidations));
        var handedOut = wecom.Tokens.HandedOut.ToList();
        Assert.Equal(3, handedOut.Count);
        Assert.Equal((stale, stale), (handedOut[0], handedOut[1]));
        Assert.NotEqual(stale, handedOut[2]);
    }

    [Theory]
    [InlineData(WeComErrorCodes.AccessTokenExpired)]
    [InlineData(WeComErrorCodes.InvalidAccessToken)]
    [InlineData(WeComErrorCodes.SuiteTokenExpired)]
    [InlineData(WeComErrorCodes.InvalidSuiteOrProviderToken)]
    public async Task A_token_errcode_invalidates_the_token_and_resends_once_with_a_token_asked_for_again(int errCode)
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        await wecom.Emulator.FailAsync(WeComApis.MarkTag, errCode, errmsg: "access_token expired");

        await wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(CorpA));

        Assert.Equal([errCode, 0], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Errcode));
        Assert.Equal((TokenOf(CorpA), wecom.Tokens.HandedOut.First()), Assert.Single(wecom.Tokens.Invalidations));
        Assert.Equal([TokenOf(CorpA), TokenOf(CorpA)], wecom.Tokens.Requested);
    }

    [Fact]
    public async Task A_second_token_error_is_thrown_instead_of_looping()
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, WeComErrorCodes.AccessTokenExpired);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(CorpA)));

        Assert.Equal(WeComErrorKind.TokenInvalid, error.Kind);
        Assert.Equal(2, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
        Assert.Single(wecom.Tokens.Invalidations);
    }

    [Fact]
    public async Task Resent_body_is_the_same_as_the_first()
    {
        await using var wecom = await OverEmulatorAsync();
        var tagFruitLover = await wecom.TagFruitLoverAsync();
        await wecom.Emulator.FailAsync(WeComApis.MarkTag, WeComErrorCodes.AccessTokenExpired);

        await wecom.ExternalContact.MarkTagAsync(tagFruitLover, TokenOf(CorpA));

        var bodies = (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("\"external_userid\":\"wmCustomer1\"", bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_error_on_a_token_free_call_is_thrown_without_invalidating_anything()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.SuiteToken, WeComErrorCodes.InvalidSuiteTicket, errmsg: "invalid suite_ticket");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(
            () => wecom.Service.GetSuiteTokenAsync(new SuiteTokenRequest(SuiteId, "secret", "stale-ticket")));

        Assert.Equal(("service/get_suite_token", WeComErrorCodes.InvalidSuiteTicket), (error.Api, error.ErrCode));
        Assert.Null(error.CorpId);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stale-ticket", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    // The wire: which query parameter carries which token.

    [Fact]
    public async Task Corp_calls_carry_access_token_and_suite_calls_suite_access_token()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(MarkTag, Ok());
        wecom.Wire.Always("/cgi-bin/service/get_corp_token", Json("""{"access_token":"corp-tok","expires_in":7200}"""));

        await wecom.ExternalContact.MarkTagAsync(new("zhangsan", "wmCustomer1") { AddTag = ["et-fruit"] }, TokenOf(CorpA));
        var corpToken = await wecom.Service.GetCorpTokenAsync(new CorpTokenRequest(CorpA, "perm"), TokenKey.Suite(SuiteId));

        Assert.Equal("corp-tok", corpToken.AccessToken);
        var queries = wecom.Wire.LogEntries.Select(e => e.RequestMessage!).ToDictionary(r => r.Path, r => r.Query!);
        Assert.Equal("token-1", Assert.Single(queries[MarkTag]["access_token"]));
        Assert.False(queries[MarkTag].ContainsKey("suite_access_token"));
        Assert.Equal("token-1", Assert.Single(queries["/cgi-bin/service/get_corp_token"]["suite_access_token"]));
        Assert.Equal([TokenOf(CorpA), TokenKey.Suite(SuiteId)], wecom.Tokens.Requested);
    }

    [Fact]
    public async Task Requests_without_a_token_key_pass_through_untouched()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/service/get_suite_token", Json("""{"suite_access_token":"suite-tok","expires_in":7200}"""));

        var answer = await wecom.Service.GetSuiteTokenAsync(new SuiteTokenRequest(SuiteId, "secret", "ticket"));

        Assert.Equal("suite-tok", answer.SuiteAccessToken);
        var request = Assert.Single(wecom.Wire.LogEntries).RequestMessage!;
        Assert.True(request.Query is null || request.Query.Count == 0);
        Assert.Empty(wecom.Tokens.Requested);
    }
}
