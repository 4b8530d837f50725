using System.Net;
using WeComGateway.Contracts;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Tests;

/// <summary>A WeCom failure that retrying cannot fix carries <see cref="IPermanentFailure"/>; one that can, does not.</summary>
public sealed class PermanentFailureTests
{
    [Theory]
    [InlineData(WeComErrorKind.Transient, false)]
    [InlineData(WeComErrorKind.TokenInvalid, false)]
    [InlineData(WeComErrorKind.RateLimited, false)]
    [InlineData(WeComErrorKind.Permanent, true)]
    [InlineData(WeComErrorKind.Configuration, true)]
    [InlineData(WeComErrorKind.AuthorizationRevoked, true)]
    public void Each_kind_is_marked_permanent_or_not(WeComErrorKind kind, bool permanent)
    {
        var error = WeComApiException.Create(12345, "errmsg", "externalcontact/mark_tag", "wwcorp", kind);

        Assert.Equal(permanent, error is IPermanentFailure);
        Assert.Equal(permanent, WeComApiException.IsPermanent(kind));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(permanent ? typeof(PermanentWeComApiException) : typeof(WeComApiException), error.GetType());
    }

    [Theory]
    [InlineData(WeComErrorCodes.SystemBusy, false)]
    [InlineData(WeComErrorCodes.AccessTokenExpired, false)]
    [InlineData(WeComErrorCodes.FrequencyLimit, false)]
    [InlineData(40068, true)]                                 // invalid tag id
    [InlineData(WeComErrorCodes.IpNotWhitelisted, true)]
    [InlineData(WeComErrorCodes.AuthorizationInvalid, true)]
    [InlineData(99999, true)]                                 // unknown: never retried
    public void An_errcode_is_marked_as_its_classification_says(int errCode, bool permanent)
    {
        var error = WeComApiException.FromErrCode(errCode, "errmsg", "externalcontact/mark_tag", "wwcorp");

        Assert.Equal(WeComErrorCodes.Classify(errCode), error.Kind);
        Assert.Equal(permanent, error is IPermanentFailure);
    }

    [Fact]
    public void HTTP_and_transport_failures_are_not_permanent()
    {
        Assert.IsNotAssignableFrom<IPermanentFailure>(WeComApiException.FromHttpStatus(HttpStatusCode.BadGateway, "api", null));
        Assert.IsNotAssignableFrom<IPermanentFailure>(WeComApiException.FromTransportFailure("timed out", "api", null, WeComErrorKind.Transient, new TimeoutException()));
        Assert.IsNotAssignableFrom<IPermanentFailure>(WeComApiException.FromTransportFailure("rate limit", "api", null, WeComErrorKind.RateLimited, new TimeoutException()));
    }

    [Fact]
    public void Token_failures_carry_the_marker_exactly_when_their_kind_is_permanent()
    {
        var key = TokenKey.Corp("suite", "wwcorp");
        WeComApiException[] failures =
        [
            new SuiteTicketUnavailableException("suite", null, TimeSpan.FromMinutes(30)),
            new Tokens.CorpNotAuthorizedException("suite", "wwcorp"),
            new CorpInactiveException("suite", "wwcorp", null),
            new TokenConfigurationException(key, "get_corp_token", "WeCom:Suites:{i}:SuiteSecret"),
            new TokenRefreshTimeoutException(key, TimeSpan.FromSeconds(5)),
        ];

        Assert.All(failures, failure => Assert.Equal(WeComApiException.IsPermanent(failure.Kind), failure is IPermanentFailure));
        Assert.IsNotAssignableFrom<IPermanentFailure>(failures[^1]);
    }
}
