using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class SuiteCallbackTests
{
    [Fact]
    public void The_official_suite_ticket_sample_with_a_stray_space_yields_the_ticket_off_the_record()
    {
        var parsed = Parse(OfficialSuiteTicket);

        var ticket = Assert.IsType<SuiteTicketReceived>(parsed.Event);
        Assert.Equal("suite_ticket", parsed.Kind);
        Assert.Equal("asdfasfdasdfasdf", parsed.SuiteTicket);
        Assert.Null(ticket.CorpId);
        Assert.Equal(SuiteId, ticket.SuiteId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1403610513), ticket.EventTime);
    }

    [Fact]
    public void A_suite_ticket_callback_without_a_ticket_is_MalformedEvent()
    {
        var error = Assert.Throws<CallbackRejectedException>(() => Parse(SuiteCommand("suite_ticket", "")));

        Assert.Equal(CallbackRejection.MalformedEvent, error.Reason);
    }

    [Fact]
    public void Only_suite_ticket_callbacks_hand_back_a_ticket()
    {
        Assert.Null(Parse(Command("change_auth", "<SuiteTicket>not-a-ticket-event</SuiteTicket>")).SuiteTicket);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_marketplace_install_carries_the_auth_code_and_state_for_the_authorization_worker(Shape shape)
    {
        var parsed = Parse(In(shape, "create_auth", "<AuthCode><![CDATA[AUTHCODE]]></AuthCode><State><![CDATA[campaign7]]></State>"));

        var created = Assert.IsType<AuthorizationCreated>(parsed.Event);
        Assert.Equal("AUTHCODE", created.AuthCode);
        Assert.Equal("campaign7", created.State);
        Assert.True(parsed.IsAuthorizationEvent);
    }

    [Fact]
    public void An_install_without_an_auth_code_is_kept_as_unrecognized_rather_than_dropped()
    {
        var parsed = Parse(SuiteCommand("create_auth", "<State>s</State>"));

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event);
        Assert.Equal("create_auth", unrecognized.Kind);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_changed_authorization_names_the_enterprise_and_its_state(Shape shape)
    {
        var changed = Assert.IsType<AuthorizationChanged>(Parse(In(shape, "change_auth", "<State>s9</State>")).Event);

        Assert.Equal(shape == Shape.InfoType ? AuthCorpId : DataCorpId, changed.CorpId);
        Assert.Equal("s9", changed.State);
    }

    [Fact]
    public void An_uninstall_names_the_enterprise_to_forget()
    {
        var cancelled = Assert.IsType<AuthorizationCancelled>(Parse(Command("cancel_auth", "")).Event);

        Assert.Equal(AuthCorpId, cancelled.CorpId);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_reset_secret_carries_the_auth_code_to_exchange(Shape shape)
    {
        var reset = Assert.IsType<PermanentCodeReset>(Parse(In(shape, "reset_permanent_code", "<AuthCode>NEWCODE</AuthCode>")).Event);

        Assert.Equal("NEWCODE", reset.AuthCode);
    }
}
