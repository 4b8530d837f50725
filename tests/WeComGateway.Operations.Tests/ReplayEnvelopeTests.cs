using WeComGateway.Operations.DeadLetters;
using static WeComGateway.Operations.Tests.DeadLetterSamples;

namespace WeComGateway.Operations.Tests;

public class ReplayEnvelopeTests
{
    private static readonly Guid ReplayId = Guid.Parse("5f0c2a8e-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("rabbitmq://localhost/itprefix-customer-automation", "itprefix-customer-automation")]
    [InlineData("rabbitmq://rabbit.internal:5672/prod/customer-automation", "customer-automation")]
    [InlineData("rabbitmq://localhost/customer-automation?bind=true&durable=true", "customer-automation")]
    [InlineData("rabbitmq://localhost/customer-automation/", "customer-automation")]
    [InlineData("queue:customer-automation", "customer-automation")]
    public void The_destination_is_the_input_addresss_last_path_segment(string inputAddress, string exchange) =>
        Assert.Equal(exchange, ReplayEnvelope.DestinationFor("whatever_error", inputAddress));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a uri")]
    [InlineData("rabbitmq://localhost/")]
    [InlineData("rabbitmq://localhost/other_error")]
    public void Without_a_usable_input_address_it_is_the_queue_name_without_its_suffix(string? inputAddress) =>
        Assert.Equal("customer-automation", ReplayEnvelope.DestinationFor("customer-automation_error", inputAddress));

    [Fact]
    public void Replay_strips_fault_headers_and_keeps_the_rest()
    {
        var original = FaultHeaders(
            ("wecomgw-corp-id", Bytes(CorpId)),
            ("wecomgw-fault-errcode", 40068),
            ("wecomgw-fault-reason", Bytes("permanent")),
            ("wecomgw-fault-attempts", 1),
            ("wecomgw-fault-corp-id", Bytes(CorpId)),
            ("wecomgw-redelivery-count", 2));

        var headers = ReplayEnvelope.HeadersFor(original, ReplayId, At);

        Assert.DoesNotContain(headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k.StartsWith("wecomgw-fault-", StringComparison.Ordinal));
        Assert.DoesNotContain("MT-Reason", headers.Keys);
        Assert.DoesNotContain("wecomgw-redelivery-count", headers.Keys);
        Assert.Equal(original["Content-Type"], headers["Content-Type"]);
        Assert.Equal(original["wecomgw-corp-id"], headers["wecomgw-corp-id"]);
        Assert.Equal(original["MT-Host-MachineName"], headers["MT-Host-MachineName"]);
        Assert.Equal("2026-03-02T09:30:00.0000000Z", headers["wecomgw-replayed-at"]);
        Assert.Equal("5f0c2a8e000040008000000000000001", headers["wecomgw-replay-id"]);
    }

    [Fact]
    public void A_second_replay_restamps_instead_of_keeping_the_first_runs_stamp()
    {
        var first = ReplayEnvelope.HeadersFor(FaultHeaders(), Guid.NewGuid(), At.AddDays(-1));

        var second = ReplayEnvelope.HeadersFor(first, ReplayId, At);

        Assert.Equal("5f0c2a8e000040008000000000000001", second["wecomgw-replay-id"]);
        Assert.Equal("2026-03-02T09:30:00.0000000Z", second["wecomgw-replayed-at"]);
    }

    [Theory]
    [InlineData("MT-Fault-StackTrace", true)]
    [InlineData("mt-fault-message", true)]
    [InlineData("MT-Reason", true)]
    [InlineData("wecomgw-fault-anything-new", true)]
    [InlineData("wecomgw-redelivery-count", true)]
    [InlineData("wecomgw-redelivery-to", true)]
    [InlineData("x-dotnet-pub-seq-no", true)]
    [InlineData("MT-Redelivery-Count", false)]
    [InlineData("wecomgw-dedupe-key", false)]
    [InlineData("MT-Activity-Id", false)]
    public void Which_headers_replay_drops(string header, bool stripped) => Assert.Equal(stripped, ReplayEnvelope.IsStripped(header));

    [Fact]
    public void A_message_without_headers_gets_only_the_replay_stamps() =>
        Assert.Equal(["wecomgw-replay-id", "wecomgw-replayed-at"], ReplayEnvelope.HeadersFor(null, ReplayId, At).Keys.Order(StringComparer.Ordinal));
}
