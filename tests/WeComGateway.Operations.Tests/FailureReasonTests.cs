using WeComGateway.Operations.DeadLetters;
using static WeComGateway.Operations.Tests.DeadLetterSamples;

namespace WeComGateway.Operations.Tests;

public class FailureReasonTests
{
    [Fact]
    public void MassTransits_fault_headers_make_the_reason()
    {
        var reason = FailureReason.From(FaultHeaders());

        Assert.Equal("fault", reason.Kind);
        Assert.Equal("WeComGateway.WeComApi.Errors.WeComApiException", reason.ExceptionType);
        Assert.StartsWith("externalcontact/mark_tag failed", reason.Message, StringComparison.Ordinal);
        Assert.Null(reason.ErrCode);
        Assert.Equal("fault: WeComApiException: externalcontact/mark_tag failed for corp wwcorpfruitshop01: errcode 40068 invalid tagid", reason.Summary);
    }

    [Fact]
    public void The_gateways_errcode_and_classification_join_the_summary()
    {
        var reason = FailureReason.From(FaultHeaders(
            ("wecomgw-fault-errcode", 40068), ("wecomgw-fault-reason", Bytes("permanent")), ("wecomgw-fault-api", Bytes("mark_tag"))));

        Assert.Equal(40068, reason.ErrCode);
        Assert.Equal("permanent", reason.Classification);
        Assert.Equal("mark_tag", reason.Api);
        Assert.StartsWith("fault (permanent, errcode 40068 from mark_tag): WeComApiException: ", reason.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skipped_message_has_only_a_kind()
    {
        var reason = FailureReason.From(new Dictionary<string, object?> { ["MT-Reason"] = Bytes("skip") });

        Assert.Equal("skip", reason.Summary);
    }

    [Fact]
    public void Headerless_messages_have_an_unknown_reason() => Assert.Equal("unknown", FailureReason.From(null).Summary);

    [Theory]
    [InlineData("40068")]
    [InlineData("weComApiException")]
    [InlineData("INVALID TAGID")]
    [InlineData("permanent")]
    [InlineData("fault")]
    public void Reason_text_is_found_in_any_part_any_case(string text) =>
        Assert.True(FailureReason.From(FaultHeaders(("wecomgw-fault-reason", Bytes("permanent")))).Contains(text));

    [Fact]
    public void Reason_text_that_is_nowhere_does_not_match() =>
        Assert.False(FailureReason.From(FaultHeaders()).Contains("timeout"));

    [Fact]
    public void The_stack_trace_is_not_part_of_the_reason() =>
        Assert.False(FailureReason.From(FaultHeaders()).Contains("MirrorTagsAsync"));
}
