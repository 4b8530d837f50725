using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class ExternalContactTests
{
    private const string Customer = "<UserID>zhangsan</UserID><ExternalUserID>woAJ2GCAAAXtWyujaWJHDDGi0mACH71w</ExternalUserID>";

    [Fact]
    public void The_official_third_party_add_customer_sample_becomes_ExternalContactAdded()
    {
        var parsed = Parse(OfficialAddExternalContact);

        var added = Assert.IsType<ExternalContactAdded>(parsed.Event);
        Assert.Equal("change_external_contact/add_external_contact", parsed.Kind);
        Assert.Equal(AuthCorpId, added.CorpId);
        Assert.Equal("zhangsan", added.UserId);
        Assert.Equal("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", added.ExternalUserId);
        Assert.Equal("teststate", added.State);
        Assert.Equal("WELCOMECODE", added.WelcomeCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1403610513), added.EventTime);
    }

    [Fact]
    public void The_official_self_built_add_customer_sample_becomes_the_same_record()
    {
        var added = Assert.IsType<ExternalContactAdded>(Parse(OfficialAddExternalContactEvent).Event);

        Assert.Equal("toUser", added.CorpId);
        Assert.Equal("zhangsan", added.UserId);
        Assert.Equal("woAJ2GCAAAXtWyujaWJHDDGi0mAAAA", added.ExternalUserId);
        Assert.Equal("teststate", added.State);
        Assert.Equal("WELCOMECODE", added.WelcomeCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1403610513), added.EventTime);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_customer_added_without_a_welcome_code_has_none(Shape shape)
    {
        var added = Assert.IsType<ExternalContactAdded>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>add_external_contact</ChangeType>{Customer}<WelcomeCode><![CDATA[]]></WelcomeCode>")).Event);

        Assert.Null(added.WelcomeCode);
        Assert.Null(added.State);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_half_added_customer_keeps_the_channel_state_and_welcome_code(Shape shape)
    {
        var half = Assert.IsType<ExternalContactHalfAdded>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>add_half_external_contact</ChangeType>{Customer}<State>ch42</State><WelcomeCode>WC</WelcomeCode>")).Event);

        Assert.Equal(("zhangsan", "ch42", "WC"), (half.UserId, half.State, half.WelcomeCode));
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_customer_removed_by_a_reassignment_says_DELETE_BY_TRANSFER(Shape shape)
    {
        var deleted = Assert.IsType<ExternalContactDeletedByEmployee>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>del_external_contact</ChangeType>{Customer}<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>")).Event);

        Assert.Equal("DELETE_BY_TRANSFER", deleted.Source);
        Assert.Equal("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", deleted.ExternalUserId);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_customer_deleting_the_employee_is_told_apart_from_the_reverse(Shape shape)
    {
        var parsed = Parse(In(shape, "change_external_contact", $"<ChangeType>del_follow_user</ChangeType>{Customer}"));

        var deleted = Assert.IsType<ExternalContactDeletedByCustomer>(parsed.Event);
        Assert.Equal("zhangsan", deleted.UserId);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_failed_reassignment_says_why(Shape shape)
    {
        var failed = Assert.IsType<ExternalContactTransferFailed>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>transfer_fail</ChangeType><FailReason>customer_limit_exceed</FailReason>{Customer}")).Event);

        Assert.Equal("customer_limit_exceed", failed.FailReason);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void An_edited_customer_and_an_archive_approval_carry_both_ids(Shape shape)
    {
        var edited = Assert.IsType<ExternalContactEdited>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>edit_external_contact</ChangeType>{Customer}")).Event);
        var approved = Assert.IsType<ChatArchiveApproved>(
            Parse(In(shape, "change_external_contact", $"<ChangeType>msg_audit_approved</ChangeType>{Customer}<WelcomeCode>WC</WelcomeCode>")).Event);

        Assert.Equal(("zhangsan", "woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"), (edited.UserId, edited.ExternalUserId));
        Assert.Equal("WC", approved.WelcomeCode);
    }

    [Fact]
    public void A_customer_event_without_the_customer_id_is_kept_as_unrecognized()
    {
        var parsed = Parse(Command("change_external_contact", "<ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID>"));

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event);
        Assert.Equal("change_external_contact/add_external_contact", unrecognized.Kind);
    }
}
