using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Each errcode WeCom answers with, and what the client does about it.</summary>
public class ErrcodeTests
{
    private static async Task TagCustomer(ClientUnderTest wecom, string corpId = CorpA) =>
        await wecom.ExternalContact.MarkTagAsync(await wecom.TagFruitLoverAsync(corpId), TokenOf(corpId));

    [Fact]
    public async Task System_busy_is_retried_and_the_call_then_succeeds()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAsync(WeComApis.MarkTag, WeComErrorCodes.SystemBusy);

        await TagCustomer(wecom);

        Assert.Equal([WeComErrorCodes.SystemBusy, 0], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Errcode));
    }

    [Fact]
    public async Task System_busy_that_never_clears_gives_up_after_three_retries_as_transient()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, WeComErrorCodes.SystemBusy);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal(-1, error.ErrCode);
        Assert.Equal(4, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
    }

    [Theory]
    [InlineData(WeComErrorCodes.FrequencyLimit)]
    [InlineData(WeComErrorCodes.ConcurrencyLimit)]
    public async Task Rate_limit_errcode_is_retried_with_backoff(int errCode)
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAsync(WeComApis.MarkTag, errCode, times: 2, errmsg: "api freq out of limit");

        await TagCustomer(wecom);

        Assert.Equal([errCode, errCode, 0], (await wecom.Emulator.CallsAsync(WeComApis.MarkTag)).Select(c => c.Errcode));
    }

    [Theory]
    [InlineData(40096)] // invalid external_userid
    [InlineData(84061)] // no external-contact relationship
    [InlineData(60011)] // outside the visible range
    [InlineData(99999)] // a code we have never seen: not retried
    public async Task Permanent_errcode_is_thrown_at_once_and_WeCom_is_called_exactly_once(int errCode)
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, errCode, errmsg: "nope");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Permanent, error.Kind);
        Assert.Equal(errCode, error.ErrCode);
        Assert.Equal("nope", error.ErrMsg);
        Assert.False(error.IsRetryable);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    [Theory]
    [InlineData(WeComErrorCodes.InvalidPermanentCode)]
    [InlineData(WeComErrorCodes.AuthorizationInvalid)]
    public async Task Revoked_authorization_is_reported_as_such_and_not_retried(int errCode)
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, errCode, errmsg: "auth gone");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.AuthorizationRevoked, error.Kind);
        Assert.Equal(CorpA, error.CorpId);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
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
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, errCode);

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Configuration, error.Kind);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
        Assert.Empty(wecom.Tokens.Invalidations);
    }

    [Fact]
    public async Task Missing_suite_ticket_says_so_in_the_error()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, WeComErrorCodes.InvalidSuiteTicket, errmsg: "invalid suite_ticket");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(WeComErrorKind.Configuration, error.Kind);
        Assert.Contains("suite ticket missing or expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task Error_message_names_errcode_api_and_corp_but_never_the_token()
    {
        await using var wecom = await OverEmulatorAsync();
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, 40096, errmsg: "invalid external userid, hint: [abc]");

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        var token = Assert.Single(wecom.Tokens.HandedOut);
        Assert.Equal("externalcontact/mark_tag", error.Api);
        foreach (var text in new[] { error.Message, error.ToString() })
        {
            Assert.Contains("40096", text, StringComparison.Ordinal);
            Assert.Contains("externalcontact/mark_tag", text, StringComparison.Ordinal);
            Assert.Contains(CorpA, text, StringComparison.Ordinal);
            Assert.Contains("hint: [abc]", text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("access_token", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_WeCom_echoes_in_errmsg_is_masked()
    {
        await using var wecom = await OverEmulatorAsync();
        var token = await wecom.Emulator.CorpTokenAsync(CorpA);
        await wecom.Emulator.FailAlwaysAsync(WeComApis.MarkTag, 40096, errmsg: "bad request for " + token);

        var error = await Assert.ThrowsAsync<PermanentWeComApiException>(() => TagCustomer(wecom));

        Assert.Equal(token, Assert.Single(wecom.Tokens.HandedOut));
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Successful_answer_is_still_readable_after_the_errcode_was_peeked()
    {
        await using var wecom = await OverEmulatorAsync();

        var answer = await wecom.ExternalContact.AddContactWayAsync(
            new AddContactWayRequest(Type: 1, Scene: 2) { State = "channel-42", User = ["zhangsan"] }, TokenOf(CorpA));

        Assert.Equal(0, answer.ErrCode);
        var stored = Assert.Single((await wecom.Emulator.StateAsync()).ContactWays);
        Assert.Equal((stored.ConfigId, "channel-42"), (answer.ConfigId, stored.State));
        Assert.EndsWith("/" + stored.ConfigId, answer.QrCode, StringComparison.Ordinal);
    }
}
