using System.Text;
using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

public sealed class EnvelopeTests
{
    [Fact]
    public void The_official_envelope_yields_its_three_fields()
    {
        var envelope = Parse(V1.Envelope);

        Assert.Equal(new CallbackEnvelope(OfficialCorpId, "218", V1.Encrypt), envelope);
    }

    [Fact]
    public void Element_order_CDATA_newlines_and_an_empty_AgentID_are_all_accepted()
    {
        var envelope = Parse($"""
            <xml>
              <Encrypt>
                <![CDATA[{V1.Encrypt}]]>
              </Encrypt>
              <AgentID><![CDATA[]]></AgentID>
              <ToUserName><![CDATA[ww4asffe99e54c0f4c]]></ToUserName>
            </xml>
            """);

        Assert.Equal(new CallbackEnvelope("ww4asffe99e54c0f4c", null, V1.Encrypt), envelope);
    }

    [Fact]
    public void A_byte_order_mark_and_an_XML_declaration_are_accepted()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "\n<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><Encrypt>abc</Encrypt></xml>")).ToArray();

        Assert.Equal("abc", CallbackEnvelope.Parse(body).Encrypt);
    }

    [Fact]
    public void Unknown_elements_and_comments_are_ignored()
    {
        var envelope = Parse("<xml><!-- hi --><Extra><Nested>1</Nested></Extra><Encrypt>abc</Encrypt></xml>");

        Assert.Equal("abc", envelope.Encrypt);
    }

    [Fact]
    public void The_JSON_envelope_yields_the_same_three_fields()
    {
        var envelope = Parse(V5.Envelope);

        Assert.Equal(new CallbackEnvelope(OfficialCorpId, "218", V5.Encrypt), envelope);
    }

    [Fact]
    public void A_JSON_envelope_may_carry_agentid_as_a_number_and_extra_members()
    {
        var envelope = Parse("""  {"encrypt":"abc","agentid":1000002,"extra":{"a":[1,2]},"tousername":null}  """);

        Assert.Equal(new CallbackEnvelope(null, "1000002", "abc"), envelope);
    }

    [Fact]
    public void An_AI_bot_JSON_envelope_has_only_encrypt()
    {
        Assert.Equal(new CallbackEnvelope(null, null, V7.Encrypt), Parse($$"""{"encrypt":"{{V7.Encrypt}}"}"""));
    }

    [Fact]
    public void A_body_over_64_KiB_is_refused_before_parsing()
    {
        var body = new byte[CallbackEnvelope.MaxBodyBytes + 1];
        body.AsSpan().Fill((byte)' ');

        AssertRejected(CallbackRejection.BodyTooLarge, body);
    }

    [Fact]
    public void A_body_of_exactly_64_KiB_is_parsed()
    {
        var xml = "<xml><Encrypt>abc</Encrypt></xml>";
        var body = Encoding.UTF8.GetBytes(xml + new string(' ', CallbackEnvelope.MaxBodyBytes - xml.Length));

        Assert.Equal("abc", CallbackEnvelope.Parse(body).Encrypt);
    }

    [Theory]
    [MemberData(nameof(HostileXml.All), MemberType = typeof(HostileXml))]
    public void An_envelope_with_a_DTD_or_entities_is_HostileXml(string body)
    {
        AssertRejected(CallbackRejection.HostileXml, Encoding.UTF8.GetBytes(body));
    }

    [Theory]
    [InlineData("<xml><ToUserName>wx</ToUserName><AgentID>1</AgentID></xml>")]
    [InlineData("<xml><Encrypt></Encrypt></xml>")]
    [InlineData("<xml><Encrypt><![CDATA[  ]]></Encrypt></xml>")]
    [InlineData("<xml/>")]
    [InlineData("<xml><Encrypt>abc</Encrypt><Encrypt>def</Encrypt></xml>")]
    [InlineData("<xml><Encrypt>abc<b/></Encrypt></xml>")]
    [InlineData("{\"tousername\":\"wx\"}")]
    [InlineData("{\"encrypt\":\"\"}")]
    [InlineData("{\"encrypt\":42}")]
    [InlineData("{\"encrypt\":\"abc\",\"encrypt\":\"def\"}")]
    public void An_envelope_without_exactly_one_non_empty_Encrypt_is_MalformedEnvelope(string body)
    {
        AssertRejected(CallbackRejection.MalformedEnvelope, Encoding.UTF8.GetBytes(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    [InlineData("hello")]
    [InlineData("<xml><Encrypt>abc</Encrypt>")]
    [InlineData("<xml><Encrypt>abc</Encrypt></xml><xml/>")]
    [InlineData("<xml><Encrypt>a&undeclared;c</Encrypt></xml>")]
    [InlineData("{\"encrypt\":\"abc\"")]
    [InlineData("{\"encrypt\":\"abc\"} trailing")]
    [InlineData("{'encrypt':'abc'}")]
    public void A_body_that_is_not_well_formed_is_MalformedEnvelope(string body)
    {
        AssertRejected(CallbackRejection.MalformedEnvelope, Encoding.UTF8.GetBytes(body));
    }

    private static CallbackEnvelope Parse(string body) => CallbackEnvelope.Parse(Encoding.UTF8.GetBytes(body));

    private static void AssertRejected(CallbackRejection reason, byte[] body)
    {
        var error = Assert.Throws<CallbackRejectedException>(() => CallbackEnvelope.Parse(body));
        Assert.Equal(reason, error.Reason);
    }
}
