using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tests.Support;
using WeComGateway.WeComApi.Tokens;
using WireMock.RequestBuilders;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>The token in the query string, and what happens when WeCom rejects it.</summary>
public class TokenTests
{
    private static readonly MarkTagRequest TagFruitLover = new("zhangsan", "wmCustomer1") { AddTag = ["et-fruit"] };

    [Theory]
    [InlineData(WeComErrorCodes.AccessTokenExpired)]
    [InlineData(WeComErrorCodes.InvalidAccessToken)]
    [InlineData(WeComErrorCodes.SuiteTokenExpired)]
    [InlineData(WeComErrorCodes.InvalidSuiteOrProviderToken)]
    public async Task Expired_token_is_invalidated_and_the_call_resent_once_with_a_fresh_token(int errCode)
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Given(Request.Create().WithPath(MarkTag).WithParam("access_token", "token-1"))
            .InScenario("token").WillSetStateTo("expired-once").RespondWith(ErrCode(errCode, "access_token expired"));
        wecom.Server.Given(Request.Create().WithPath(MarkTag).WithParam("access_token", "token-2"))
            .InScenario("token").WhenStateIs("expired-once").RespondWith(Ok());

        await wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        Assert.Equal(2, wecom.CallsTo(MarkTag));
        var invalidation = Assert.Single(wecom.Tokens.Invalidations);
        Assert.Equal((FakeWeCom.TokenOf(FakeWeCom.CorpA), "token-1"), invalidation);
    }

    [Fact]
    public async Task A_second_token_error_is_thrown_instead_of_looping()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(WeComErrorCodes.AccessTokenExpired, "access_token expired"));

        var error = await Assert.ThrowsAsync<WeComApiException>(
            () => wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA)));

        Assert.Equal(WeComErrorKind.TokenInvalid, error.Kind);
        Assert.Equal(2, wecom.CallsTo(MarkTag));
        Assert.Single(wecom.Tokens.Invalidations);
    }

    [Fact]
    public async Task Resent_body_is_the_same_as_the_first()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.FirstThen(MarkTag, ErrCode(WeComErrorCodes.AccessTokenExpired), times: 1, then: Ok());

        await wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        var bodies = wecom.Server.LogEntries.Select(e => e.RequestMessage?.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("\"external_userid\":\"wmCustomer1\"", bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corp_calls_carry_access_token_and_suite_calls_suite_access_token()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, Ok());
        wecom.Server.Always("/cgi-bin/service/get_corp_token", Response("""{"access_token":"corp-tok","expires_in":7200}"""));

        await wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(FakeWeCom.CorpA));
        var corpToken = await wecom.Service.GetCorpTokenAsync(new CorpTokenRequest(FakeWeCom.CorpA, "perm"), TokenKey.Suite(FakeWeCom.SuiteId));

        Assert.Equal("corp-tok", corpToken.AccessToken);
        var queries = wecom.Server.LogEntries.Select(e => e.RequestMessage!).ToDictionary(r => r.Path, r => r.Query!);
        Assert.Equal("token-1", Assert.Single(queries[MarkTag]["access_token"]));
        Assert.False(queries[MarkTag].ContainsKey("suite_access_token"));
        Assert.Equal("token-1", Assert.Single(queries["/cgi-bin/service/get_corp_token"]["suite_access_token"]));
        Assert.Equal([FakeWeCom.TokenOf(FakeWeCom.CorpA), TokenKey.Suite(FakeWeCom.SuiteId)], wecom.Tokens.Requested);
    }

    [Fact]
    public async Task Requests_without_a_token_key_pass_through_untouched()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always("/cgi-bin/service/get_suite_token", Response("""{"suite_access_token":"suite-tok","expires_in":7200}"""));

        var answer = await wecom.Service.GetSuiteTokenAsync(new SuiteTokenRequest(FakeWeCom.SuiteId, "secret", "ticket"));

        Assert.Equal("suite-tok", answer.SuiteAccessToken);
        var request = Assert.Single(wecom.Server.LogEntries).RequestMessage!;
        Assert.True(request.Query is null || request.Query.Count == 0);
        Assert.Empty(wecom.Tokens.Requested);
    }

    [Fact]
    public async Task Token_error_on_a_token_free_call_is_thrown_without_invalidating_anything()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always("/cgi-bin/service/get_suite_token", ErrCode(WeComErrorCodes.InvalidSuiteTicket, "invalid suite_ticket"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(
            () => wecom.Service.GetSuiteTokenAsync(new SuiteTokenRequest(FakeWeCom.SuiteId, "secret", "stale-ticket")));

        Assert.Equal("service/get_suite_token", error.Api);
        Assert.Null(error.CorpId);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stale-ticket", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    private static WireMock.ResponseBuilders.IResponseBuilder Response(string json) =>
        WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(json);
}
