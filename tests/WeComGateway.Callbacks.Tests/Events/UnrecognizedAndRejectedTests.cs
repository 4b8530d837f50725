using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

/// <summary>What is kept although unknown, and what is refused.</summary>
public sealed class UnrecognizedAndRejectedTests
{
    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void An_event_WeCom_adds_tomorrow_is_published_with_its_XML(Shape shape)
    {
        var xml = In(shape, "license_pay_success", "<OrderId>L1</OrderId>");

        var parsed = Parse(xml);

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event);
        Assert.Equal("license_pay_success", unrecognized.Kind);
        Assert.Equal("license_pay_success", parsed.Kind);
        Assert.Equal(xml, unrecognized.Xml);
        Assert.Equal(shape == Shape.InfoType ? AuthCorpId : DataCorpId, unrecognized.CorpId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Time), unrecognized.EventTime);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_known_event_with_a_new_ChangeType_is_published_with_its_XML(Shape shape)
    {
        var xml = In(shape, "change_external_contact", "<ChangeType>brand_new_kind</ChangeType><UserID>u</UserID><ExternalUserID>e</ExternalUserID>");

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(Parse(xml).Event);

        Assert.Equal("change_external_contact/brand_new_kind", unrecognized.Kind);
        Assert.Equal(xml, unrecognized.Xml);
    }

    [Fact]
    public void A_plain_text_message_on_the_data_URL_is_published_under_its_MsgType()
    {
        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(Parse(ProtocolVectors.V1.Message).Event);

        Assert.Equal("text", unrecognized.Kind);
        Assert.Equal(ProtocolVectors.OfficialCorpId, unrecognized.CorpId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1409659813), unrecognized.EventTime);
    }

    [Fact]
    public void A_JSON_plaintext_is_published_as_kind_json_dated_when_received()
    {
        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(Parse(ProtocolVectors.V5.Message).Event);

        Assert.Equal(CallbackEventParser.JsonKind, unrecognized.Kind);
        Assert.Equal(ProtocolVectors.V5.Message, unrecognized.Xml);
        Assert.Equal(ReceivedAt, unrecognized.EventTime);
        Assert.Null(unrecognized.CorpId);
    }

    [Theory]
    [MemberData(nameof(HostileXml.All), MemberType = typeof(HostileXml))]
    public void A_decrypted_message_with_a_DTD_or_entities_is_HostileXml(string xml)
    {
        AssertRejected(CallbackRejection.HostileXml, xml);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("<xml><InfoType>suite_ticket</InfoType>")]
    [InlineData("<xml><InfoType>a</InfoType></xml>trailing")]
    [InlineData("<xml><InfoType>change_auth<b/></InfoType><TimeStamp>1</TimeStamp></xml>")]
    public void A_decrypted_message_that_is_not_XML_is_MalformedEvent(string text)
    {
        AssertRejected(CallbackRejection.MalformedEvent, text);
    }

    [Theory]
    [InlineData("<xml><Foo>1</Foo><TimeStamp>1403610513</TimeStamp></xml>")]
    [InlineData("<xml><MsgType>event</MsgType><CreateTime>1403610513</CreateTime></xml>")]
    [InlineData("<xml/>")]
    public void XML_that_is_neither_shape_is_MalformedEvent(string xml)
    {
        AssertRejected(CallbackRejection.MalformedEvent, xml);
    }

    [Theory]
    [InlineData("<xml><InfoType>change_auth</InfoType></xml>")]
    [InlineData("<xml><InfoType>change_auth</InfoType><TimeStamp>yesterday</TimeStamp></xml>")]
    [InlineData("<xml><InfoType>change_auth</InfoType><TimeStamp>-1</TimeStamp></xml>")]
    [InlineData("<xml><InfoType>change_auth</InfoType><TimeStamp>99999999999999999</TimeStamp></xml>")]
    [InlineData("<xml><MsgType>event</MsgType><Event>change_auth</Event><CreateTime></CreateTime></xml>")]
    public void An_event_without_a_valid_Unix_time_is_MalformedEvent(string xml)
    {
        AssertRejected(CallbackRejection.MalformedEvent, xml);
    }

    [Fact]
    public void Rejections_never_quote_the_plaintext()
    {
        var error = Assert.Throws<CallbackRejectedException>(() => Parse("<xml><AuthCode>SECRET-CODE</AuthCode><oops></xml>"));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRejected(CallbackRejection reason, string plaintext)
    {
        var error = Assert.Throws<CallbackRejectedException>(() => Parse(plaintext));
        Assert.Equal(reason, error.Reason);
    }
}
