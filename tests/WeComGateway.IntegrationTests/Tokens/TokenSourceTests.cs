using Microsoft.Extensions.Logging;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>What WeCom would refuse is refused here first, with an error that says why, and WeCom is not called.</summary>
public sealed class TokenSourceTests
{
    [Fact]
    public async Task A_suite_with_no_ticket_fails_with_a_typed_error_naming_the_suite_and_WeCom_is_not_called()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();

        var error = await Assert.ThrowsAsync<SuiteTicketUnavailableException>(() => replica.Tokens.GetAsync(world.SuiteToken, default).AsTask());

        Assert.Equal(world.SuiteId, error.SuiteId);
        Assert.Null(error.Age);
        Assert.Equal(40085, error.ErrCode);
        Assert.Contains(world.SuiteId, error.Message, StringComparison.Ordinal);
        Assert.Contains("no suite_ticket", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.SuiteTokenCallsAsync());
    }

    [Fact]
    public async Task A_corp_token_behind_a_missing_ticket_surfaces_the_ticket_error()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        var ticketError = Assert.IsType<SuiteTicketUnavailableException>(error);
        Assert.Equal(world.SuiteId, ticketError.SuiteId);
        Assert.Equal(0, await world.SuiteTokenCallsAsync() + await world.CorpTokenCallsAsync());
    }

    [Fact]
    public async Task A_31_minute_old_ticket_fails_with_its_age_and_WeCom_is_not_called()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow.AddMinutes(-31));

        var error = await Assert.ThrowsAsync<SuiteTicketUnavailableException>(() => replica.Tokens.GetAsync(world.SuiteToken, default).AsTask());

        Assert.Equal(world.SuiteId, error.SuiteId);
        Assert.InRange(error.Age!.Value, TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(32));
        Assert.Contains($"suite {world.SuiteId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("31 min old", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket-" + world.SuiteId, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.SuiteTokenCallsAsync());
    }

    [Fact]
    public async Task A_corp_that_never_authorized_the_suite_fails_with_CorpNotAuthorizedException()
    {
        await using var world = await TokenWorld.StartAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<CorpNotAuthorizedException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal(world.CorpId, error.CorpId);
        Assert.Contains(world.SuiteId, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.CorpTokenCallsAsync());
    }

    [Fact]
    public async Task An_inactive_corp_fails_with_its_reason_without_calling_WeCom()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync(active: false, reason: "WeCom answered 40084");
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<CorpInactiveException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal("WeCom answered 40084", error.Reason);
        Assert.Equal(WeComErrorKind.AuthorizationRevoked, error.Kind);
        Assert.Equal(0, await world.SuiteTokenCallsAsync() + await world.CorpTokenCallsAsync());
    }

    [Theory]
    [InlineData(40084, false)]
    [InlineData(48004, false)]
    [InlineData(40084, true)]
    public async Task A_corp_whose_permanent_code_WeCom_rejects_is_marked_inactive_with_an_alert_and_not_called_again(int errCode, bool errcodeHandler)
    {
        await using var world = await TokenWorld.StartAsync(errcodeHandler: errcodeHandler);
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await world.WeCom.FailAlwaysAsync(WeComApis.CorpToken, errCode, errmsg: "invalid permanent_code");

        var first = await Assert.ThrowsAsync<CorpInactiveException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());
        var again = await Assert.ThrowsAsync<CorpInactiveException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal(errCode, first.ErrCode);
        Assert.False((await world.Authorizations.GetAsync(world.CorpId, world.SuiteId, default))!.Active);
        Assert.Equal(1, await world.CorpTokenCallsAsync());
        Assert.Contains(errCode.ToString(System.Globalization.CultureInfo.InvariantCulture), again.Reason, StringComparison.Ordinal);
        var alert = Assert.Single(replica.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(world.CorpId, alert.Message, StringComparison.Ordinal);
        var suiteToken = await world.WeCom.SuiteTokenAsync(world.SuiteId); // the one get_corp_token was called with
        foreach (var text in new[] { first.Message, again.Message, alert.Message })
        {
            Assert.DoesNotContain(TokenWorld.SecretPermanentCode, text, StringComparison.Ordinal);
            Assert.DoesNotContain(suiteToken, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(-1, WeComErrorKind.Transient)]
    [InlineData(45009, WeComErrorKind.RateLimited)]
    [InlineData(60020, WeComErrorKind.Configuration)]
    public async Task Other_errcodes_from_get_corp_token_become_a_WeComApiException_of_the_right_kind(int errCode, WeComErrorKind kind)
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await world.WeCom.FailAlwaysAsync(WeComApis.CorpToken, errCode, errmsg: "invalid permanent_code");

        var error = await Assert.ThrowsAnyAsync<WeComApiException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal((errCode, kind, "get_corp_token", world.CorpId), (error.ErrCode, error.Kind, error.Api, error.CorpId));
        Assert.Equal(WeComApiException.IsPermanent(kind) ? typeof(PermanentWeComApiException) : typeof(WeComApiException), error.GetType());
        Assert.True((await world.Authorizations.GetAsync(world.CorpId, world.SuiteId, default))!.Active);
    }
}
