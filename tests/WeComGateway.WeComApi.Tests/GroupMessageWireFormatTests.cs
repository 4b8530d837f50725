using System.Text.Json;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tests.Support;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Mass messages (企业群发) on the wire: WeCom's field names both ways, and add_msg_template never sent twice.</summary>
public class GroupMessageWireFormatTests
{
    private const string AddTemplate = "/cgi-bin/externalcontact/add_msg_template";
    private const string TaskApi = "/cgi-bin/externalcontact/get_groupmsg_task";
    private const string SendResult = "/cgi-bin/externalcontact/get_groupmsg_send_result";
    private const string Remind = "/cgi-bin/externalcontact/remind_groupmsg_send";
    private const string Cancel = "/cgi-bin/externalcontact/cancel_groupmsg_send";
    private const string ListApi = "/cgi-bin/externalcontact/get_groupmsg_list_v2";

    private static readonly AddMessageTemplateRequest Campaign = new()
    {
        ExternalUserIds = ["wmA", "wmB"],
        Sender = "zhangsan",
        Text = new WelcomeText("双十二特惠"),
        Attachments = [WelcomeAttachment.ForLink(new LinkAttachment("活动", "https://example.com/sale")), WelcomeAttachment.ForImage(new ImageAttachment { MediaId = "MEDIA_ID" })],
    };

    [Fact]
    public async Task Add_msg_template_sends_WeComs_names_without_unset_fields_and_reads_msgid_and_fail_list()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(AddTemplate, Ok("""
            "fail_list":["wmB"],"msgid":"msgGCAAAXtWyujaWJHDDGi0mAAAA"
            """));

        var answer = await wecom.ExternalContact.AddMessageTemplateAsync(Campaign, TokenOf(CorpA));

        Assert.Equal("msgGCAAAXtWyujaWJHDDGi0mAAAA", answer.MsgId);
        Assert.Equal(["wmB"], answer.FailList);
        var root = Body(wecom, AddTemplate);
        Assert.Equal("single", root.GetProperty("chat_type").GetString());
        Assert.Equal(["wmA", "wmB"], root.GetProperty("external_userid").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("zhangsan", root.GetProperty("sender").GetString());
        Assert.Equal("双十二特惠", root.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(["link", "image"], root.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("msgtype").GetString()));
        Assert.Equal("MEDIA_ID", root.GetProperty("attachments")[1].GetProperty("image").GetProperty("media_id").GetString());
        Assert.False(root.TryGetProperty("allow_select", out _));
    }

    [Fact]
    public async Task An_answer_without_fail_list_reads_as_empty()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(AddTemplate, Ok("\"msgid\":\"msgX\""));

        var answer = await wecom.ExternalContact.AddMessageTemplateAsync(Campaign, TokenOf(CorpA));

        Assert.Empty(answer.FailList);
    }

    [Fact]
    public async Task Task_and_send_result_pages_are_asked_and_read_with_WeComs_names()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(TaskApi, Ok("""
            "next_cursor":"CURSOR2","task_list":[{"userid":"zhangsan","status":2,"send_time":1733040000},{"userid":"lisi","status":0}]
            """));
        wecom.Wire.Always(SendResult, Ok("""
            "next_cursor":"","send_list":[{"external_userid":"wmA","chat_id":"","userid":"zhangsan","status":1,"send_time":1733040000},
            {"external_userid":"wmB","userid":"zhangsan","status":3}]
            """));

        var tasks = await wecom.ExternalContact.GetGroupMessageTaskAsync(new GroupMessageTaskRequest("msgX") { Limit = 1000, Cursor = "CURSOR1" }, TokenOf(CorpA));
        var results = await wecom.ExternalContact.GetGroupMessageSendResultAsync(new GroupMessageSendResultRequest("msgX", "zhangsan"), TokenOf(CorpA));

        Assert.Equal("CURSOR2", tasks.NextCursor);
        Assert.Equal([("zhangsan", GroupMessageTaskStatus.Sent, 1733040000L), ("lisi", GroupMessageTaskStatus.NotSent, (long?)null)],
            tasks.TaskList.Select(t => (t.UserId, t.Status, t.SendTime)));
        Assert.Equal([("wmA", GroupMessageSendStatus.Sent), ("wmB", GroupMessageSendStatus.OverLimit)], results.SendList.Select(r => (r.ExternalUserId, r.Status)));
        Assert.Null(results.SendList[1].SendTime);
        var task = Body(wecom, TaskApi);
        Assert.Equal(("msgX", 1000, "CURSOR1"), (task.GetProperty("msgid").GetString(), task.GetProperty("limit").GetInt32(), task.GetProperty("cursor").GetString()));
        var result = Body(wecom, SendResult);
        Assert.Equal(("msgX", "zhangsan"), (result.GetProperty("msgid").GetString(), result.GetProperty("userid").GetString()));
        Assert.False(result.TryGetProperty("cursor", out _));
        Assert.False(result.TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Remind_and_cancel_send_only_the_msgid()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(Remind, Ok());
        wecom.Wire.Always(Cancel, Ok());

        await wecom.ExternalContact.RemindGroupMessageSendAsync(new GroupMessageIdRequest("msgX"), TokenOf(CorpA));
        await wecom.ExternalContact.CancelGroupMessageSendAsync(new GroupMessageIdRequest("msgX"), TokenOf(CorpA));

        Assert.Equal("""{"msgid":"msgX"}""", wecom.Wire.LogEntries.Single(e => e.RequestMessage!.Path == Remind).RequestMessage!.Body);
        Assert.Equal("""{"msgid":"msgX"}""", wecom.Wire.LogEntries.Single(e => e.RequestMessage!.Path == Cancel).RequestMessage!.Body);
    }

    [Fact]
    public async Task The_list_is_asked_by_time_range_and_reads_create_time_as_a_number_or_a_string()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(ListApi, Ok("""
            "next_cursor":"NEXT","group_msg_list":[
            {"msgid":"msg1","creator":"zhangsan","create_time":"1733040000","create_type":0,"text":{"content":"双十二特惠"},
             "attachments":[{"msgtype":"link","link":{"title":"活动","url":"https://example.com/sale"}}]},
            {"msgid":"msg2","creator":"lisi","create_time":1733040060,"create_type":1}]
            """));

        var list = await wecom.ExternalContact.GetGroupMessageListAsync(
            new GroupMessageListRequest(1733000000, 1733100000) { Creator = "zhangsan", FilterType = 0, Limit = 100 }, TokenOf(CorpA));

        Assert.Equal("NEXT", list.NextCursor);
        Assert.Equal([("msg1", 1733040000L, 0), ("msg2", 1733040060L, 1)], list.GroupMessages.Select(m => (m.MsgId, m.CreateTime ?? 0, m.CreateType)));
        Assert.Equal("双十二特惠", list.GroupMessages[0].Text!.Content);
        Assert.Equal("https://example.com/sale", list.GroupMessages[0].Attachments![0].Link!.Url);
        var root = Body(wecom, ListApi);
        Assert.Equal("single", root.GetProperty("chat_type").GetString());
        Assert.Equal((1733000000L, 1733100000L), (root.GetProperty("start_time").GetInt64(), root.GetProperty("end_time").GetInt64()));
        Assert.Equal(("zhangsan", 0, 100), (root.GetProperty("creator").GetString(), root.GetProperty("filter_type").GetInt32(), root.GetProperty("limit").GetInt32()));
    }

    [Fact]
    public async Task Add_msg_template_is_not_resent_after_an_http_500_but_a_task_read_is()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(AddTemplate, Json("{}").WithStatusCode(500));
        wecom.Wire.FirstThen(TaskApi, Json("{}").WithStatusCode(500), Ok("\"task_list\":[]"));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => wecom.ExternalContact.AddMessageTemplateAsync(Campaign, TokenOf(CorpA)));
        await wecom.ExternalContact.GetGroupMessageTaskAsync(new GroupMessageTaskRequest("msgX"), TokenOf(CorpA));

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Equal("externalcontact/add_msg_template", error.Api);
        Assert.Single(wecom.Wire.LogEntries, e => e.RequestMessage!.Path == AddTemplate);
        Assert.Equal(2, wecom.Wire.LogEntries.Count(e => e.RequestMessage!.Path == TaskApi));
    }

    [Fact]
    public async Task Add_msg_template_is_not_resent_after_a_timeout_because_WeCom_may_have_created_the_task()
    {
        await using var wecom = OverWireMock(new Dictionary<string, string?> { ["WeCom:Api:AttemptTimeout"] = "00:00:00.300" });
        wecom.Wire.Always(Remind, Ok());
        await wecom.ExternalContact.RemindGroupMessageSendAsync(new GroupMessageIdRequest("warm-up"), TokenOf(CorpB)); // JIT outside the timeout
        wecom.Wire.Always(AddTemplate, Ok("\"msgid\":\"msgLate\"").WithDelay(TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<WeComApiException>(() => wecom.ExternalContact.AddMessageTemplateAsync(Campaign, TokenOf(CorpA)));
        await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(2.5)); // WireMock logs a request once it has answered it

        Assert.Equal(WeComErrorKind.Transient, error.Kind);
        Assert.Single(wecom.Wire.LogEntries, e => e.RequestMessage!.Path == AddTemplate);
    }

    [Fact]
    public async Task A_fourth_reminder_is_permanent_and_a_task_still_being_distributed_is_read_again()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(Remind, ErrCode(WeComErrorCodes.GroupMessageRemindLimit, "remind group msg frequency limit"));
        wecom.Wire.FirstThen(TaskApi, ErrCode(WeComErrorCodes.GroupMessageBeingDistributed), Ok("\"task_list\":[{\"userid\":\"zhangsan\",\"status\":0}]"));

        var refused = await Assert.ThrowsAsync<PermanentWeComApiException>(
            () => wecom.ExternalContact.RemindGroupMessageSendAsync(new GroupMessageIdRequest("msgX"), TokenOf(CorpA)));
        var tasks = await wecom.ExternalContact.GetGroupMessageTaskAsync(new GroupMessageTaskRequest("msgX"), TokenOf(CorpA));

        Assert.Equal(WeComErrorCodes.GroupMessageRemindLimit, refused.ErrCode);
        Assert.Single(wecom.Wire.LogEntries, e => e.RequestMessage!.Path == Remind);
        Assert.Equal("zhangsan", Assert.Single(tasks.TaskList).UserId);
    }

    private static JsonElement Body(ClientUnderTest wecom, string path) =>
        JsonDocument.Parse(wecom.Wire.LogEntries.Last(e => e.RequestMessage!.Path == path).RequestMessage!.Body!).RootElement;
}
