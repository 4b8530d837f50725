using System.Text.Json;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using static WeComGateway.WeComApi.Tests.Support.ClientUnderTest;
using static WeComGateway.WeComApi.Tests.Support.WeComReplies;

namespace WeComGateway.WeComApi.Tests;

/// <summary>add_moment_task and get_moment_task_result: WeCom's field names on the wire, and no second task after a timeout.</summary>
public class MomentWireFormatTests
{
    private const string AddMomentTask = "/cgi-bin/externalcontact/add_moment_task";
    private const string MomentTaskResult = "/cgi-bin/externalcontact/get_moment_task_result";

    [Fact]
    public async Task A_moment_task_is_sent_with_WeComs_names_its_visible_range_and_no_unset_fields()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(AddMomentTask, Ok("\"jobid\":\"xxxxxx\""));

        var answer = await wecom.ExternalContact.AddMomentTaskAsync(
            new AddMomentTaskRequest
            {
                Text = new WelcomeText("春季新品上市"),
                Attachments = [MomentAttachment.ForLink(new MomentLink("https://example.com/spring", "COVER_MEDIA") { Title = "春季新品" })],
                VisibleRange = new MomentVisibleRange
                {
                    SenderList = new MomentSenderList { UserList = ["zhangsan", "lisi"] },
                    ExternalContactList = new MomentExternalContactList { TagList = ["etVIP"] },
                },
            },
            TokenOf(CorpA));

        Assert.Equal("xxxxxx", answer.JobId);
        using var body = JsonDocument.Parse(Assert.Single(wecom.Wire.LogEntries).RequestMessage!.Body!);
        var root = body.RootElement;
        Assert.Equal("春季新品上市", root.GetProperty("text").GetProperty("content").GetString());
        var link = root.GetProperty("attachments")[0];
        Assert.Equal("link", link.GetProperty("msgtype").GetString());
        Assert.False(link.TryGetProperty("image", out _));
        Assert.Equal("COVER_MEDIA", link.GetProperty("link").GetProperty("media_id").GetString());
        Assert.Equal("https://example.com/spring", link.GetProperty("link").GetProperty("url").GetString());
        Assert.Equal("春季新品", link.GetProperty("link").GetProperty("title").GetString());
        var range = root.GetProperty("visible_range");
        Assert.Equal(["zhangsan", "lisi"], range.GetProperty("sender_list").GetProperty("user_list").EnumerateArray().Select(u => u.GetString()));
        Assert.False(range.GetProperty("sender_list").TryGetProperty("department_list", out _));
        Assert.Equal("etVIP", range.GetProperty("external_contact_list").GetProperty("tag_list")[0].GetString());
    }

    [Fact]
    public async Task A_finished_task_is_read_with_its_moment_id_and_the_senders_and_tags_WeCom_could_not_use()
    {
        await using var wecom = OverWireMock();
        wecom.Wire.Always(MomentTaskResult, Json("""
            {"errcode":0,"errmsg":"ok","status":3,"type":"add_moment_task",
             "result":{"errcode":0,"errmsg":"ok","moment_id":"momxxx",
               "invalid_sender_list":{"user_list":["wangwu"],"department_list":[2]},
               "invalid_external_contact_list":{"tag_list":["etGONE"]}}}
            """));

        var answer = await wecom.ExternalContact.GetMomentTaskResultAsync("job-1", TokenOf(CorpA));

        Assert.Equal("job-1", wecom.Wire.LogEntries.Single().RequestMessage!.Query!["jobid"].Single());
        Assert.Equal(MomentTaskResultResponse.Done, answer.Status);
        Assert.Equal("momxxx", answer.Result!.MomentId);
        Assert.Equal(["wangwu"], answer.Result.InvalidSenderList!.UserList!);
        Assert.Equal([2L], answer.Result.InvalidSenderList.DepartmentList!);
        Assert.Equal(["etGONE"], answer.Result.InvalidExternalContactList!.TagList!);
    }

    [Fact]
    public async Task A_moment_task_is_not_created_again_after_a_timeout_because_WeCom_may_have_created_it()
    {
        await using var wecom = await OverEmulatorAsync(new Dictionary<string, string?> { ["WeCom:Api:AttemptTimeout"] = "00:00:00.300" });
        for (var attempt = 0; attempt < 5; attempt++) // the first call JITs Refit, Polly and the test host: keep it out of the 300 ms
        {
            try
            {
                await wecom.ExternalContact.GetFollowUserListAsync(TokenOf(CorpA));
                break;
            }
            catch (WeComApiException)
            {
            }
        }

        await wecom.Emulator.SlowAsync(WeComApis.AddMomentTask, TimeSpan.FromSeconds(2), always: true);

        var error = await Assert.ThrowsAsync<WeComApiException>(() => wecom.ExternalContact.AddMomentTaskAsync(
            new AddMomentTaskRequest { Text = new WelcomeText("春季新品上市") }, TokenOf(CorpA)));

        Assert.Equal(WeComErrorCodes.HttpFailure, error.ErrCode);
        Assert.Equal(1, await wecom.Emulator.CountAsync(WeComApis.AddMomentTask));
    }
}
