using WeComGateway.Operations.DeadLetters;
using static WeComGateway.Operations.Tests.DeadLetterSamples;

namespace WeComGateway.Operations.Tests;

public class DeadLetterMessageTests
{
    [Fact]
    public void A_faulted_purchase_names_its_id_type_corp_failure_time_and_endpoint()
    {
        var message = Read(FaultHeaders());

        Assert.Equal(MessageId, message.MessageId);
        Assert.Equal("WeComGateway.Contracts:CustomerPurchaseRecorded", message.MessageType);
        Assert.Equal(CorpId, message.CorpId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 5, TimeSpan.Zero).AddTicks(1234567), message.FirstFailedAt);
        Assert.Equal("rabbitmq://localhost/itprefix-customer-automation", message.InputAddress);
        Assert.Equal(new AttemptCounts(0, null, null), message.Attempts);
    }

    [Fact]
    public void The_AMQP_message_id_wins_over_the_envelope() =>
        Assert.Equal("amqp-id", DeadLetterMessage.Read("amqp-id", FaultHeaders(), MessageBody.Parse(Body(Envelope))).MessageId);

    [Fact]
    public void The_corp_header_wins_then_the_fault_corp_header_then_the_body()
    {
        Assert.Equal("wwfromheader", Read(FaultHeaders(("wecomgw-corp-id", Bytes("wwfromheader")), ("wecomgw-fault-corp-id", Bytes("wwfromfault")))).CorpId);
        Assert.Equal("wwfromfault", Read(FaultHeaders(("wecomgw-fault-corp-id", Bytes("wwfromfault")))).CorpId);
        Assert.Equal(CorpId, Read(FaultHeaders(("wecomgw-corp-id", Bytes("  ")))).CorpId);
    }

    [Fact]
    public void Without_an_envelope_the_type_comes_from_the_fault_header()
    {
        var message = DeadLetterMessage.Read(null, FaultHeaders(), MessageBody.Parse(Body("""{ "corpId": "wwraw" }""")));

        Assert.Equal("WeComGateway.Contracts:CustomerPurchaseRecorded", message.MessageType);
        Assert.Equal("wwraw", message.CorpId);
        Assert.Null(message.MessageId);
    }

    [Fact]
    public void The_gateways_attempt_and_redelivery_headers_are_counted()
    {
        var message = Read(FaultHeaders(("MT-Fault-RetryCount", 5), ("wecomgw-fault-attempts", 6L), ("wecomgw-redelivery-count", Bytes("2"))));

        Assert.Equal(new AttemptCounts(5, 6, 2), message.Attempts);
    }

    [Theory]
    [InlineData("0b7a0000-5d2e-0015-a1b2-08dd3c4e5f60")]
    [InlineData("0b7a00005d2e0015a1b208dd3c4e5f60")]
    [InlineData("{0B7A0000-5D2E-0015-A1B2-08DD3C4E5F60}")]
    public void A_message_id_matches_in_any_GUID_format(string id) => Assert.True(Read(FaultHeaders()).HasId(id));

    [Fact]
    public void Another_id_does_not_match() => Assert.False(Read(FaultHeaders()).HasId("0b7a0000-5d2e-0015-a1b2-08dd3c4e5f61"));

    [Theory]
    [InlineData("CustomerPurchaseRecorded")]
    [InlineData("customerpurchaserecorded")]
    [InlineData("WeComGateway.Contracts:CustomerPurchaseRecorded")]
    [InlineData("urn:message:WeComGateway.Contracts:CustomerPurchaseRecorded")]
    public void A_type_matches_by_bare_name_display_name_or_URN(string type) => Assert.True(Read(FaultHeaders()).IsOfType(type));

    [Theory]
    [InlineData("Purchase")]
    [InlineData("CustomerMembershipChanged")]
    public void Part_of_a_type_name_or_another_type_does_not_match(string type) => Assert.False(Read(FaultHeaders()).IsOfType(type));

    private static DeadLetterMessage Read(Dictionary<string, object?> headers) => DeadLetterMessage.Read(null, headers, MessageBody.Parse(Body(Envelope)));
}
