using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class GroupChatTests
{
    [Fact]
    public void The_official_add_member_sample_keeps_JoinScene_1_as_sent_and_lists_the_members()
    {
        var parsed = Parse(OfficialChatAddMember);

        var joined = Assert.IsType<GroupChatMemberJoined>(parsed.Event);
        Assert.Equal("change_external_chat/update/add_member", parsed.Kind);
        Assert.Equal("CHAT_ID", joined.ChatId);
        Assert.Equal(1, joined.JoinScene);
        Assert.Equal(10, joined.MemChangeCnt);
        Assert.Equal(["Jack", "Rose"], joined.MemberIds);
        Assert.Equal("9c3f97c2ada667dfb5f6d03308d963e1", joined.LastMemVer);
        Assert.Equal("71217227bbd112ecfe3a49c482195cb4", joined.CurMemVer);
    }

    [Fact]
    public void A_captured_add_member_event_with_CDATA_items_reads_the_same_way()
    {
        var joined = Assert.IsType<GroupChatMemberJoined>(Parse(CapturedChatAddMemberEvent).Event);

        Assert.Equal(DataCorpId, joined.CorpId);
        Assert.Equal(3, joined.JoinScene);
        Assert.Equal(2, joined.MemChangeCnt);
        Assert.Equal(["wmxUBwAAAA1", "wmxUBwAAAA2"], joined.MemberIds);
        Assert.Equal("71217227bbd112ecfe3a49c482195cb4", joined.CurMemVer);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Members_removed_by_the_owner_leave_with_QuitScene_1(Shape shape)
    {
        var left = Assert.IsType<GroupChatMemberLeft>(Parse(In(shape, "change_external_chat",
            "<ChatId>c1</ChatId><ChangeType>update</ChangeType><UpdateDetail>del_member</UpdateDetail><QuitScene>1</QuitScene>" +
            "<MemChangeCnt>1</MemChangeCnt><MemChangeList><Item><![CDATA[wmA]]></Item></MemChangeList>")).Event);

        Assert.Equal(("c1", 1, 1), (left.ChatId, left.QuitScene, left.MemChangeCnt));
        Assert.Equal(["wmA"], left.MemberIds);
    }

    [Fact]
    public void Members_joining_on_a_client_that_sends_no_list_have_no_member_ids_and_garbled_numbers_are_null()
    {
        var joined = Assert.IsType<GroupChatMemberJoined>(Parse(Command("change_external_chat",
            "<ChatId>c1</ChatId><ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><JoinScene>x</JoinScene><MemChangeList/>")).Event);

        Assert.Empty(joined.MemberIds);
        Assert.Null(joined.JoinScene);
        Assert.Null(joined.MemChangeCnt);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Owner_name_and_notice_changes_each_have_their_record(Shape shape)
    {
        static WeComCallbackEvent Update(Shape s, string detail) => Parse(In(s, "change_external_chat",
            $"<ChatId>c1</ChatId><ChangeType>update</ChangeType><UpdateDetail>{detail}</UpdateDetail>")).Event;

        Assert.Equal("c1", Assert.IsType<GroupChatOwnerChanged>(Update(shape, "change_owner")).ChatId);
        Assert.Equal("c1", Assert.IsType<GroupChatRenamed>(Update(shape, "change_name")).ChatId);
        Assert.Equal("c1", Assert.IsType<GroupChatNoticeChanged>(Update(shape, "change_notice")).ChatId);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Created_and_dismissed_groups_carry_only_the_chat_id(Shape shape)
    {
        Assert.Equal("c1", Assert.IsType<GroupChatCreated>(Parse(In(shape, "change_external_chat", "<ChatId>c1</ChatId><ChangeType>create</ChangeType>")).Event).ChatId);
        Assert.Equal("c1", Assert.IsType<GroupChatDismissed>(Parse(In(shape, "change_external_chat", "<ChatId>c1</ChatId><ChangeType>dismiss</ChangeType>")).Event).ChatId);
    }

    [Theory]
    [InlineData("<ChatId>c1</ChatId><ChangeType>update</ChangeType><UpdateDetail>change_avatar</UpdateDetail>", "change_external_chat/update/change_avatar")]
    [InlineData("<ChatId>c1</ChatId><ChangeType>update</ChangeType>", "change_external_chat/update")]
    [InlineData("<ChatId>c1</ChatId><ChangeType>archive</ChangeType>", "change_external_chat/archive")]
    [InlineData("<ChangeType>create</ChangeType>", "change_external_chat/create")]
    public void An_unknown_or_incomplete_group_change_is_kept_as_unrecognized(string fields, string kind)
    {
        var xml = Command("change_external_chat", fields);

        var parsed = Parse(xml);

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event);
        Assert.Equal(kind, unrecognized.Kind);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(xml, unrecognized.Xml);
    }
}
