using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class DirectoryTests
{
    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_new_member_comes_with_departments_and_status(Shape shape)
    {
        var created = Assert.IsType<DirectoryMemberCreated>(Parse(In(shape, "change_contact",
            "<ChangeType>create_user</ChangeType><UserID>zhangsan</UserID><OpenUserID>woOPEN</OpenUserID><Name><![CDATA[张三]]></Name>" +
            "<Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment><IsLeaderInDept>1,0,0</IsLeaderInDept>" +
            "<Position>产品经理</Position><Status>1</Status><ExtAttr><Item><Name>爱好</Name><Type>0</Type></Item></ExtAttr>")).Event);

        Assert.Equal(("zhangsan", "woOPEN", "张三", "1", "产品经理", 1),
            (created.UserId, created.OpenUserId, created.Name, created.MainDepartmentId, created.Position, created.Status));
        Assert.Equal(["1", "2", "3"], created.DepartmentIds);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_member_whose_id_changed_carries_both_ids(Shape shape)
    {
        var updated = Assert.IsType<DirectoryMemberUpdated>(Parse(In(shape, "change_contact",
            "<ChangeType>update_user</ChangeType><UserID>zhangsan</UserID><NewUserID>zhangsan01</NewUserID>")).Event);

        Assert.Equal(("zhangsan", "zhangsan01"), (updated.UserId, updated.NewUserId));
        Assert.Empty(updated.DepartmentIds);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_deleted_member_carries_its_ids(Shape shape)
    {
        var deleted = Assert.IsType<DirectoryMemberDeleted>(Parse(In(shape, "change_contact",
            "<ChangeType>delete_user</ChangeType><UserID>zhangsan</UserID><OpenUserID>woOPEN</OpenUserID>")).Event);

        Assert.Equal(("zhangsan", "woOPEN"), (deleted.UserId, deleted.OpenUserId));
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Department_changes_carry_the_department_and_its_parent(Shape shape)
    {
        var created = Assert.IsType<DirectoryDepartmentCreated>(Parse(In(shape, "change_contact",
            "<ChangeType>create_party</ChangeType><Id>2</Id><Name>北京研发中心</Name><ParentId><![CDATA[1]]></ParentId><Order>1</Order>")).Event);
        var updated = Assert.IsType<DirectoryDepartmentUpdated>(Parse(In(shape, "change_contact",
            "<ChangeType>update_party</ChangeType><Id>2</Id><ParentId>3</ParentId>")).Event);
        var deleted = Assert.IsType<DirectoryDepartmentDeleted>(Parse(In(shape, "change_contact",
            "<ChangeType>delete_party</ChangeType><Id>2</Id>")).Event);

        Assert.Equal(("2", "北京研发中心", "1", "1"), (created.Id, created.Name, created.ParentId, created.Order));
        Assert.Equal(("2", "3"), (updated.Id, updated.ParentId));
        Assert.Equal("2", deleted.Id);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void A_member_tag_change_lists_who_was_added_and_removed(Shape shape)
    {
        var tag = Assert.IsType<DirectoryTagUpdated>(Parse(In(shape, "change_contact",
            "<ChangeType>update_tag</ChangeType><TagId>1</TagId><AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems>" +
            "<DelUserItems>wangwu</DelUserItems><AddPartyItems>1, 2 ,</AddPartyItems><DelPartyItems></DelPartyItems>")).Event);

        Assert.Equal("1", tag.TagId);
        Assert.Equal(["zhangsan", "lisi"], tag.AddUserItems);
        Assert.Equal(["wangwu"], tag.DelUserItems);
        Assert.Equal(["1", "2"], tag.AddPartyItems);
        Assert.Empty(tag.DelPartyItems);
    }

    [Fact]
    public void An_unknown_directory_change_is_kept_as_unrecognized()
    {
        var parsed = Parse(Command("change_contact", "<ChangeType>batch_job_result</ChangeType>"));

        Assert.Equal("change_contact/batch_job_result", Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event).Kind);
    }
}
