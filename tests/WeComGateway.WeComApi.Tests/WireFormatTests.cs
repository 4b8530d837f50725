using System.Text.Json;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Requests and answers use WeCom's exact JSON names: the bytes on the wire, so WireMock records them.</summary>
public class WireFormatTests
{
    [Fact]
    public async Task Welcome_message_is_sent_with_WeComs_field_names_and_without_unset_fields()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(SendWelcome, Ok());
        var request = new SendWelcomeMessageRequest("CALLBACK_CODE")
        {
            Text = new WelcomeText("你好，欢迎！"),
            Attachments =
            [
                WelcomeAttachment.ForImage(new ImageAttachment { MediaId = "MEDIA_ID" }),
                WelcomeAttachment.ForLink(new LinkAttachment("消息标题", "https://example.com/a") { PicUrl = "https://example.com/p.png" }),
                WelcomeAttachment.ForMiniProgram(new MiniProgramAttachment("小程序", "PIC_MEDIA", "wx8bd80126147dfAAA", "/path/index.html")),
                WelcomeAttachment.ForVideo("VIDEO_MEDIA"),
                WelcomeAttachment.ForFile("FILE_MEDIA"),
            ],
        };

        await wecom.ExternalContact.SendWelcomeMessageAsync(request, TokenOf(CorpA));

        using var body = JsonDocument.Parse(SentBody(wecom));
        var root = body.RootElement;
        Assert.Equal("CALLBACK_CODE", root.GetProperty("welcome_code").GetString());
        Assert.Equal("你好，欢迎！", root.GetProperty("text").GetProperty("content").GetString());
        var attachments = root.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(["image", "link", "miniprogram", "video", "file"], attachments.Select(a => a.GetProperty("msgtype").GetString()));
        Assert.Equal("MEDIA_ID", attachments[0].GetProperty("image").GetProperty("media_id").GetString());
        Assert.False(attachments[0].GetProperty("image").TryGetProperty("pic_url", out _));
        Assert.False(attachments[0].TryGetProperty("link", out _));
        Assert.Equal("https://example.com/p.png", attachments[1].GetProperty("link").GetProperty("picurl").GetString());
        Assert.Equal("wx8bd80126147dfAAA", attachments[2].GetProperty("miniprogram").GetProperty("appid").GetString());
        Assert.Equal("PIC_MEDIA", attachments[2].GetProperty("miniprogram").GetProperty("pic_media_id").GetString());
        Assert.Equal("VIDEO_MEDIA", attachments[3].GetProperty("video").GetProperty("media_id").GetString());
        Assert.Equal("FILE_MEDIA", attachments[4].GetProperty("file").GetProperty("media_id").GetString());
    }

    [Fact]
    public async Task Mark_tag_and_contact_way_requests_use_WeComs_names()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(MarkTag, Ok());
        wecom.Wire.Always("/cgi-bin/externalcontact/add_contact_way", Ok("""
            "config_id":"cfg","qr_code":"https://qr"
            """));
        var corp = TokenOf(CorpA);

        await wecom.ExternalContact.MarkTagAsync(new MarkTagRequest("zhangsan", "wmX") { AddTag = ["t1", "t2"], RemoveTag = ["t3"] }, corp);
        await wecom.ExternalContact.AddContactWayAsync(
            new AddContactWayRequest(Type: 1, Scene: 2)
            {
                Style = 1, Remark = "渠道A", SkipVerify = true, State = "channel-A", User = ["zhangsan"], IsTemp = true,
                ExpiresIn = 86400, ChatExpiresIn = 86400, IsExclusive = true,
                Conclusions = new ContactWayConclusions { Text = new WelcomeText("再见") },
            },
            corp);

        var bodies = wecom.Wire.LogEntries.ToDictionary(e => e.RequestMessage!.Path, e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement);
        var tag = bodies[MarkTag];
        Assert.Equal("zhangsan", tag.GetProperty("userid").GetString());
        Assert.Equal("wmX", tag.GetProperty("external_userid").GetString());
        Assert.Equal(2, tag.GetProperty("add_tag").GetArrayLength());
        Assert.Equal("t3", tag.GetProperty("remove_tag")[0].GetString());
        var way = bodies["/cgi-bin/externalcontact/add_contact_way"];
        Assert.Equal(1, way.GetProperty("type").GetInt32());
        Assert.Equal(2, way.GetProperty("scene").GetInt32());
        Assert.Equal("channel-A", way.GetProperty("state").GetString());
        Assert.True(way.GetProperty("skip_verify").GetBoolean());
        Assert.True(way.GetProperty("is_temp").GetBoolean());
        Assert.Equal(86400, way.GetProperty("chat_expires_in").GetInt32());
        Assert.Equal("再见", way.GetProperty("conclusions").GetProperty("text").GetProperty("content").GetString());
        Assert.False(way.TryGetProperty("party", out _));
        Assert.False(way.TryGetProperty("unionid", out _));
    }

    [Fact]
    public async Task External_contact_is_read_with_a_GET_and_its_follow_users_keep_the_channel_state()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(GetContact, Ok("""
            "external_contact":{"external_userid":"wmX","name":"李四","type":1,"gender":1,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA",
              "external_profile":{"external_attr":[{"type":0,"name":"文本名称","text":{"value":"文本"}}]}},
            "follow_user":[{"userid":"zhangsan","remark":"李部长","description":"对接采购","createtime":1525779812,
              "tags":[{"group_name":"标签分组","tag_name":"爱水果","tag_id":"etAAA","type":1}],
              "remark_mobiles":["13800000001"],"oper_userid":"zhangsan","add_way":1,"state":"channel-A",
              "wechat_channels":{"nickname":"视频号名称","source":1}}],
            "next_cursor":"NEXT"
            """));

        var contact = await wecom.ExternalContact.GetExternalContactAsync("wmX", null, TokenOf(CorpA));

        var request = Assert.Single(wecom.Wire.LogEntries).RequestMessage!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("wmX", Assert.Single(request.Query!["external_userid"]));
        Assert.False(request.Query.ContainsKey("cursor"));
        Assert.Equal("李四", contact.ExternalContact!.Name);
        Assert.NotNull(contact.ExternalContact.ExternalProfile);
        var follow = Assert.Single(contact.FollowUsers);
        Assert.Equal("channel-A", follow.State);
        Assert.Equal("爱水果", Assert.Single(follow.Tags).TagName);
        Assert.Equal(1525779812, follow.CreateTime);
        Assert.Equal(1, follow.WeChatChannels!.Source);
        Assert.Equal("NEXT", contact.NextCursor);
    }

    [Fact]
    public async Task Corp_tag_list_is_read_into_groups_and_tags()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/get_corp_tag_list", Ok("""
            "tag_group":[{"group_id":"TAG_GROUPID1","group_name":"GOURP_NAME","create_time":1557838797,"order":1,"deleted":false,
              "tag":[{"id":"TAG_ID1","name":"NAME1","create_time":1557838797,"order":1,"deleted":false},
                     {"id":"TAG_ID2","name":"NAME2","create_time":1557838797,"order":2,"deleted":true}]}]
            """));

        var list = await wecom.ExternalContact.GetCorpTagListAsync(new CorpTagListRequest(), TokenOf(CorpA));

        var group = Assert.Single(list.TagGroups);
        Assert.Equal("TAG_GROUPID1", group.GroupId);
        Assert.Equal(1557838797, group.CreateTime);
        Assert.Equal(["TAG_ID1", "TAG_ID2"], group.Tags.Select(t => t.Id));
        Assert.True(group.Tags[1].Deleted);
        Assert.Equal("{}", SentBody(wecom));
    }

    [Fact]
    public async Task Added_corp_tags_come_back_as_a_tag_group()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/add_corp_tag", Ok("""
            "tag_group":{"group_id":"G1","group_name":"客户等级","create_time":1,"order":3,"tag":[{"id":"T1","name":"VIP","create_time":1,"order":0}]}
            """));

        var added = await wecom.ExternalContact.AddCorpTagAsync(
            new AddCorpTagRequest([new NewCorpTag("VIP") { Order = 0 }]) { GroupName = "客户等级", Order = 3 }, TokenOf(CorpA));

        Assert.Equal("T1", Assert.Single(added.TagGroup!.Tags).Id);
        using var body = JsonDocument.Parse(SentBody(wecom));
        Assert.Equal("客户等级", body.RootElement.GetProperty("group_name").GetString());
        Assert.False(body.RootElement.TryGetProperty("group_id", out _));
        Assert.Equal("VIP", body.RootElement.GetProperty("tag")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Group_chat_members_keep_invitor_and_join_state()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/groupchat/get", Ok("""
            "group_chat":{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","name":"销售客服群","owner":"ZhuShengBen","create_time":1572505490,
              "notice":"文明沟通","member_list":[
                {"userid":"abel","type":1,"join_time":1572505491,"join_scene":1,"invitor":{"userid":"jack"},"group_nickname":"客服小张","name":"张三丰"},
                {"userid":"wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA","type":2,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA","join_time":1572505491,
                 "join_scene":3,"group_nickname":"顾客老王","name":"王语嫣","state":"channel-B"}],
              "admin_list":[{"userid":"sam"}],"member_version":"71217227bbd112ecfe3a49c482195cb4"}
            """));

        var answer = await wecom.ExternalContact.GetGroupChatAsync(new GroupChatRequest("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", NeedName: 1), TokenOf(CorpA));

        var chat = answer.GroupChat!;
        Assert.Equal("71217227bbd112ecfe3a49c482195cb4", chat.MemberVersion);
        Assert.Equal("jack", chat.Members[0].Invitor!.UserId);
        Assert.Equal(2, chat.Members[1].Type);
        Assert.Equal(3, chat.Members[1].JoinScene);
        Assert.Equal("channel-B", chat.Members[1].State);
        Assert.Equal("sam", Assert.Single(chat.Admins).UserId);
        using var body = JsonDocument.Parse(SentBody(wecom));
        Assert.Equal(1, body.RootElement.GetProperty("need_name").GetInt32());
    }

    [Fact]
    public async Task Contact_way_is_read_and_deleted_by_config_id()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/get_contact_way", Ok("""
            "contact_way":{"config_id":"cfg","type":1,"scene":2,"style":2,"remark":"渠道A","skip_verify":true,"state":"channel-A",
              "qr_code":"https://qr","user":["zhangsan"],"party":[2,3],"is_temp":true,"expires_in":86400,"chat_expires_in":86400,
              "unionid":"oxTWIuGaIt6gTKsQRLau2M0AAAA","is_exclusive":true,"conclusions":{"text":{"content":"再见"}}}
            """));
        wecom.Wire.Always("/cgi-bin/externalcontact/del_contact_way", Ok());
        var corp = TokenOf(CorpA);

        var way = (await wecom.ExternalContact.GetContactWayAsync(new ContactWayIdRequest("cfg"), corp)).ContactWay!;
        await wecom.ExternalContact.DeleteContactWayAsync(new ContactWayIdRequest("cfg"), corp);

        Assert.Equal("channel-A", way.State);
        Assert.Equal([2L, 3L], way.Party);
        Assert.Equal("再见", way.Conclusions!.Text!.Content);
        Assert.All(wecom.Wire.LogEntries, e => Assert.Equal("""{"config_id":"cfg"}""", e.RequestMessage!.Body));
    }

    [Fact]
    public async Task Remark_sends_only_what_is_set()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/remark", Ok());

        var corp = TokenOf(CorpA);
        await wecom.ExternalContact.RemarkAsync(new RemarkRequest("zhangsan", "wmX") { Remark = "老客户", RemarkMobiles = ["13800000001"] }, corp);

        var bodies = wecom.Wire.LogEntries.ToDictionary(e => e.RequestMessage!.Path, e => e.RequestMessage!.Body);
        using var remark = JsonDocument.Parse(bodies["/cgi-bin/externalcontact/remark"]!);
        Assert.Equal("老客户", remark.RootElement.GetProperty("remark").GetString());
        Assert.Equal("13800000001", remark.RootElement.GetProperty("remark_mobiles")[0].GetString());
        Assert.False(remark.RootElement.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Existing_customers_are_read_with_WeComs_names_follow_info_a_single_member_with_tag_ids()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always("/cgi-bin/externalcontact/get_follow_user_list", Ok("""
            "follow_user":["zhangsan","lisi"]
            """));
        wecom.Wire.Always("/cgi-bin/externalcontact/batch/get_by_user", Ok("""
            "external_contact_list":[{"external_contact":{"external_userid":"wmEXISTING1","name":"李四","type":2,"gender":1,"corp_name":"腾讯"},
              "follow_info":{"userid":"rocky","remark":"李部长","description":"对接采购事务","createtime":1525779812,"tag_id":["etTAG1","etTAG2"],
                "remark_corp_name":"腾讯科技","remark_mobiles":["13800000001"],"oper_userid":"rocky","add_way":1,"state":"poster-42"}}],
            "next_cursor":"NEXT"
            """));
        var corp = TokenOf(CorpA);

        var users = await wecom.ExternalContact.GetFollowUserListAsync(corp);
        var page = await wecom.ExternalContact.GetCustomersByUserAsync(new CustomersByUserRequest(["zhangsan", "lisi"]) { Cursor = "PREV", Limit = 100 }, corp);

        Assert.Equal(["zhangsan", "lisi"], users.FollowUsers);
        var entry = Assert.Single(page.Customers);
        Assert.Equal(("wmEXISTING1", "李四", 2), (entry.ExternalContact.ExternalUserId, entry.ExternalContact.Name, entry.ExternalContact.Type));
        Assert.Equal(("rocky", 1525779812L, "poster-42"), (entry.FollowInfo.UserId, entry.FollowInfo.CreateTime, entry.FollowInfo.State));
        Assert.Equal(["etTAG1", "etTAG2"], entry.FollowInfo.TagIds);
        Assert.Equal("NEXT", page.NextCursor);
        var sent = wecom.Wire.LogEntries.Single(e => e.RequestMessage!.Path == "/cgi-bin/externalcontact/batch/get_by_user").RequestMessage!;
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal(["zhangsan", "lisi"], body.RootElement.GetProperty("userid_list").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(("PREV", 100), (body.RootElement.GetProperty("cursor").GetString(), body.RootElement.GetProperty("limit").GetInt32()));
        Assert.Equal("GET", wecom.Wire.LogEntries.Single(e => e.RequestMessage!.Path == "/cgi-bin/externalcontact/get_follow_user_list").RequestMessage!.Method);
    }

    private static string SentBody(ClientUnderTest wecom) => Assert.Single(wecom.Wire.LogEntries).RequestMessage!.Body!;
}
