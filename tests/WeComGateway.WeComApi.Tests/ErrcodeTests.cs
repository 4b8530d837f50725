using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Each errcode WeCom answers with, and what the client does about it.</summary>
public class ErrcodeTests
{
    private static readonly MarkTagRequest TagFruitLover = new("zhangsan", "wmCustomer1") { AddTag = ["et-fruit"] };

    private static Task TagCustomer(FakeWeCom wecom, string corpId = FakeWeCom.CorpA) =>
        wecom.ExternalContact.MarkTagAsync(TagFruitLover, FakeWeCom.TokenOf(corpId));

    [Fact]
    public async Task System_busy_is_retried_and_the_call_then_succeeds()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.FirstThen(MarkTag, ErrCode(WeComErrorCodes.SystemBusy, "system busy"), times: 1, then: Ok());

        await TagCustomer(wecom);

        Assert.Equal(2, wecom.CallsTo(WeComReplies.MarkTag));
    }

    [Fact]
    public async Task System_busy_that_never_clears_gives_up_after_three_retries_as_transient()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(WeComErrorCodes.SystemBusy, "system busy"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal(-1, error.ErrCode);
        Assert.Equal(4, wecom.CallsTo(WeComReplies.MarkTag));
    }

    [Theory]
    [InlineData(WeComErrorCodes.FrequencyLimit)]
    [InlineData(WeComErrorCodes.ConcurrencyLimit)]
    public async Task Rate_limit_errcode_is_retried_with_backoff(int errCode)
    {
        using var wecom = new FakeWeCom();
        wecom.Server.FirstThen(MarkTag, ErrCode(errCode, "api freq out of limit"), times: 2, then: Ok());

        await TagCustomer(wecom);

        Assert.Equal(3, wecom.CallsTo(WeComReplies.MarkTag));
    }

    [Theory]
    [InlineData(40096)] // invalid external_userid
    [InlineData(84061)] // no external-contact relationship
    [InlineData(60011)] // outside the visible range
    [InlineData(99999)] // a code we have never seen: not retried
    public async Task Permanent_errcode_is_thrown_at_once_and_WeCom_is_called_exactly_once(int errCode)
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(errCode, "nope"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Permanent, error.Kind);
        Assert.Equal(errCode, error.ErrCode);
        Assert.Equal("nope", error.ErrMsg);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, wecom.CallsTo(WeComReplies.MarkTag));
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    [Theory]
    [InlineData(WeComErrorCodes.InvalidPermanentCode)]
    [InlineData(WeComErrorCodes.AuthorizationInvalid)]
    public async Task Revoked_authorization_is_reported_as_such_and_not_retried(int errCode)
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(errCode, "auth gone"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.AuthorizationRevoked, error.Kind);
        Assert.Equal(FakeWeCom.CorpA, error.CorpId);
        Assert.Equal(1, wecom.CallsTo(WeComReplies.MarkTag));
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    [Theory]
    [InlineData(WeComErrorCodes.InvalidSecret)]
    [InlineData(WeComErrorCodes.InvalidCorpId)]
    [InlineData(WeComErrorCodes.InvalidSuiteId)]
    [InlineData(WeComErrorCodes.SuiteIdMismatch)]
    [InlineData(WeComErrorCodes.ApiNotPermitted)]
    [InlineData(WeComErrorCodes.IpNotWhitelisted)]
    [InlineData(WeComErrorCodes.NoAgentPermission)]
    [InlineData(WeComErrorCodes.AccessTokenMissing)]
    public async Task Configuration_errcode_is_not_retried_and_does_not_touch_the_token(int errCode)
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(errCode));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Configuration, error.Kind);
        Assert.Equal(1, wecom.CallsTo(WeComReplies.MarkTag));
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    [Fact]
    public async Task Missing_suite_ticket_says_so_in_the_error()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(WeComErrorCodes.InvalidSuiteTicket, "invalid suite_ticket"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Configuration, error.Kind);
        Assert.Contains("suite ticket missing or expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, wecom.CallsTo(WeComReplies.MarkTag));
    }

    [Fact]
    public async Task Error_message_names_errcode_api_and_corp_but_never_the_token()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(40096, "invalid external userid, hint: [abc]"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal("externalcontact/mark_tag", error.Api);
        foreach (var text in new[] { error.Message, error.ToString() })
        {
            Assert.Contains("40096", text, StringComparison.Ordinal);
            Assert.Contains("externalcontact/mark_tag", text, StringComparison.Ordinal);
            Assert.Contains(FakeWeCom.CorpA, text, StringComparison.Ordinal);
            Assert.Contains("hint: [abc]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("token-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("access_token", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_WeCom_echoes_in_errmsg_is_masked()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always(MarkTag, ErrCode(40096, "bad request for token-1"));

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.DoesNotContain("token-1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Successful_answer_is_still_readable_after_the_errcode_was_peeked()
    {
        using var wecom = new FakeWeCom();
        wecom.Server.Always("/cgi-bin/externalcontact/add_contact_way", Ok("""
            "config_id":"42b34949e138eb6e027c123cba77fAAA","qr_code":"http://p.qpic.cn/wwhead/duc2TvpEgSdicZ9RrdUtBkv2UiaA/0"
            """));

        var answer = await wecom.ExternalContact.AddContactWayAsync(
            new AddContactWayRequest(Type: 1, Scene: 2) { State = "channel-42", User = ["zhangsan"] }, FakeWeCom.TokenOf(FakeWeCom.CorpA));

        Assert.Equal(0, answer.ErrCode);
        Assert.Equal("42b34949e138eb6e027c123cba77fAAA", answer.ConfigId);
        Assert.StartsWith("http://p.qpic.cn/", answer.QrCode, StringComparison.Ordinal);
    }
}
