using WeComGateway.Operations.DeadLetters;
using static WeComGateway.Operations.Tests.DeadLetterSamples;

namespace WeComGateway.Operations.Tests;

public class MessageBodyTests
{
    [Fact]
    public void A_MassTransit_envelope_gives_id_type_and_the_events_corp()
    {
        var body = MessageBody.Parse(Body(Envelope));

        Assert.Equal(MessageId, body.MessageId);
        Assert.Equal("urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded", body.MessageType);
        Assert.Equal(CorpId, body.CorpId);
    }

    [Fact]
    public void The_body_is_shown_indented_with_Chinese_readable()
    {
        var pretty = MessageBody.Parse(Body("""{"message":{"corpId":"ww1","categories":["水果"]}}""")).Pretty;

        Assert.Contains("\"水果\"", pretty, StringComparison.Ordinal);
        Assert.Contains('\n', pretty);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_shown_as_is() =>
        Assert.Equal("<xml>not json</xml>", MessageBody.Parse(Body("<xml>not json</xml>")).Pretty);

    [Fact]
    public void Binary_is_shown_as_base64() =>
        Assert.Equal("base64:/wA=", MessageBody.Parse(new byte[] { 0xFF, 0x00 }).Pretty);

    [Fact]
    public void A_JSON_array_has_no_id_type_or_corp()
    {
        var body = MessageBody.Parse(Body("[1, 2]"));

        Assert.Null(body.MessageId);
        Assert.Null(body.MessageType);
        Assert.Null(body.CorpId);
    }
}
