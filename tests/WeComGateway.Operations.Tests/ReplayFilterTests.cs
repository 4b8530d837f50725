using WeComGateway.Operations.DeadLetters;
using static WeComGateway.Operations.Tests.DeadLetterSamples;

namespace WeComGateway.Operations.Tests;

public class ReplayFilterTests
{
    private static readonly DeadLetterMessage Purchase = DeadLetterMessage.Read(null, FaultHeaders(), MessageBody.Parse(Body(Envelope)));

    [Fact]
    public void A_filter_that_names_nothing_is_refused()
    {
        var refused = Assert.Throws<ArgumentException>(() => new ReplayFilter().Validate());

        Assert.Contains("all", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_together_with_a_criterion_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ReplayFilter { All = true, CorpId = CorpId }.Validate());

    [Fact]
    public void Blank_criteria_count_as_none() =>
        Assert.Throws<ArgumentException>(() => new ReplayFilter { CorpId = " ", MessageType = string.Empty }.Validate());

    [Fact]
    public void All_matches_every_message() => Assert.True(ReplayFilter.Everything.Matches(Purchase));

    [Fact]
    public void Criteria_combine_every_one_must_match()
    {
        Assert.True(new ReplayFilter { CorpId = CorpId, MessageType = "CustomerPurchaseRecorded", ReasonContains = "40068" }.Matches(Purchase));
        Assert.False(new ReplayFilter { CorpId = CorpId, MessageType = "CustomerMembershipChanged" }.Matches(Purchase));
        Assert.False(new ReplayFilter { CorpId = "wwanothercorp", ReasonContains = "40068" }.Matches(Purchase));
    }

    [Fact]
    public void One_message_by_id() =>
        Assert.True(new ReplayFilter { MessageId = MessageId.Replace("-", string.Empty, StringComparison.Ordinal) }.Matches(Purchase));

    [Fact]
    public void Corp_ids_compare_exactly() => Assert.False(new ReplayFilter { CorpId = CorpId.ToUpperInvariant() }.Matches(Purchase));

    [Fact]
    public void The_audit_line_names_the_criteria()
    {
        Assert.Equal("corp=wwcorp1 reason=40068", new ReplayFilter { CorpId = " wwcorp1 ", ReasonContains = "40068" }.ToString());
        Assert.Equal("all", ReplayFilter.Everything.ToString());
    }
}
