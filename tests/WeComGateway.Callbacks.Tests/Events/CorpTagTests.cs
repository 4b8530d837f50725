using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class CorpTagTests
{
    [Fact]
    public void The_official_tag_sample_becomes_CorpTagCreated()
    {
        var created = Assert.IsType<CorpTagCreated>(Parse(OfficialTagCreated).Event);

        Assert.Equal(("TAG_ID", "tag", (string?)null), (created.Id, created.TagType, created.StrategyId));
        Assert.Equal(AuthCorpId, created.CorpId);
    }

    [Fact]
    public void SKITs_event_shaped_shuffle_becomes_CorpTagsReordered_with_its_rule_group()
    {
        var parsed = Parse(SkitTagShuffleEvent);

        var reordered = Assert.IsType<CorpTagsReordered>(parsed.Event);
        Assert.Equal("change_external_tag/shuffle", parsed.Kind);
        Assert.Equal(("TAG_ID", "STRATEGY_ID"), (reordered.Id, reordered.StrategyId));
        Assert.Equal(DataCorpId, reordered.CorpId);
    }

    [Fact]
    public void A_shuffle_of_everything_has_no_id()
    {
        Assert.Null(Assert.IsType<CorpTagsReordered>(Parse(Command("change_external_tag", "<ChangeType>shuffle</ChangeType>")).Event).Id);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Updated_and_deleted_tag_groups_say_which_and_in_which_rule_group(Shape shape)
    {
        var updated = Assert.IsType<CorpTagUpdated>(Parse(In(shape, "change_external_tag",
            "<Id>G1</Id><TagType>tag_group</TagType><ChangeType>update</ChangeType><StrategyId>S1</StrategyId>")).Event);
        var deleted = Assert.IsType<CorpTagDeleted>(Parse(In(shape, "change_external_tag",
            "<Id>G1</Id><TagType>tag_group</TagType><ChangeType>delete</ChangeType>")).Event);

        Assert.Equal(("G1", "tag_group", "S1"), (updated.Id, updated.TagType, updated.StrategyId));
        Assert.Equal(("G1", "tag_group"), (deleted.Id, deleted.TagType));
    }

    [Fact]
    public void A_tag_created_without_an_id_is_kept_as_unrecognized()
    {
        Assert.IsType<UnrecognizedCallbackReceived>(Parse(Command("change_external_tag", "<ChangeType>create</ChangeType>")).Event);
    }
}
