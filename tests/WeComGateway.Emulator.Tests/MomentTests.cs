using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Tests;

/// <summary>add_moment_task and get_moment_task_result: WeCom's limits, the task's progress 1 → 2 → 3, the result, the 24-hour job id.</summary>
public sealed class MomentTests
{
    [Fact]
    public async Task A_task_starts_runs_and_is_done_with_a_moment_id_and_the_senders_and_tags_WeCom_could_not_use()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var vip = await app.Emulator.AddTagAsync("wwcorp1", "客户等级", "VIP");
        await app.Emulator.DepartAsync("wwcorp1", "wangwu");

        var created = await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", new
        {
            text = new { content = "春季新品上市" },
            visible_range = new { sender_list = new { user_list = new[] { "zhangsan", "wangwu" } }, external_contact_list = new { tag_list = new[] { vip, "etGONE" } } },
        });
        var jobId = (string)created["jobid"]!;
        var result = $"/cgi-bin/externalcontact/get_moment_task_result?access_token={token}&jobid={jobId}";

        Assert.Equal(1, (int)(await app.GetJsonAsync(result))["status"]!);
        Assert.Equal(2, (int)(await app.GetJsonAsync(result))["status"]!);
        app.Time.Advance(TimeSpan.FromSeconds(2));
        var done = await app.GetJsonAsync(result);

        Assert.Equal(3, (int)done["status"]!);
        Assert.Equal("add_moment_task", (string)done["type"]!);
        Assert.Equal(0, done["result"]!.AsObject().Errcode());
        Assert.StartsWith("mom", (string)done["result"]!["moment_id"]!, StringComparison.Ordinal);
        Assert.Equal(["wangwu"], done["result"]!["invalid_sender_list"]!["user_list"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(["etGONE"], done["result"]!["invalid_external_contact_list"]!["tag_list"]!.AsArray().Select(t => (string)t!));
        Assert.Equal((string)done["result"]!["moment_id"]!, (string)(await app.GetJsonAsync(result))["result"]!["moment_id"]!); // decided once
        var listed = Assert.Single(await app.Emulator.MomentsAsync());
        Assert.Equal(jobId, listed.GetProperty("jobid").GetString());
    }

    [Fact]
    public async Task A_task_whose_every_tag_is_unknown_is_done_with_an_errcode_and_a_job_id_is_gone_after_24_hours()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var created = await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", new
        {
            text = new { content = "春季新品上市" },
            visible_range = new { external_contact_list = new { tag_list = new[] { "etGONE" } } },
        });
        var result = $"/cgi-bin/externalcontact/get_moment_task_result?access_token={token}&jobid={created["jobid"]}";
        app.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(40058, (await app.GetJsonAsync(result))["result"]!.AsObject().Errcode());
        app.Time.Advance(TimeSpan.FromHours(24));
        token = await app.Emulator.CorpTokenAsync("wwcorp1"); // the first token is long gone
        Assert.Equal(40058, (await app.GetJsonAsync($"/cgi-bin/externalcontact/get_moment_task_result?access_token={token}&jobid={created["jobid"]}")).Errcode());
        Assert.Equal(40058, (await app.GetJsonAsync($"/cgi-bin/externalcontact/get_moment_task_result?access_token={token}&jobid=never-issued")).Errcode());
    }

    [Theory]
    [InlineData("text", "invalid text size")]
    [InlineData("empty", "invalid msg")]
    [InlineData("mixed", "invalid attachments msgtype")]
    [InlineData("ten", "invalid attachments size")]
    [InlineData("two-links", "invalid attachments size")]
    [InlineData("no-media", "invalid msg")]
    public async Task WeComs_limits_answer_40058_with_its_errmsg(string what, string errmsg)
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        static JsonObject Image(string id) => new() { ["msgtype"] = "image", ["image"] = new JsonObject { ["media_id"] = id } };
        static JsonObject Link() => new() { ["msgtype"] = "link", ["link"] = new JsonObject { ["url"] = "https://example.com", ["media_id"] = "COVER" } };
        JsonObject body = what switch
        {
            "text" => new() { ["text"] = new JsonObject { ["content"] = new string('春', 2001) } },
            "empty" => [],
            "mixed" => new() { ["attachments"] = new JsonArray(Image("M1"), Link()) },
            "ten" => new() { ["attachments"] = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode)Image($"M{i}"))]) },
            "two-links" => new() { ["attachments"] = new JsonArray(Link(), Link()) },
            _ => new() { ["attachments"] = new JsonArray(new JsonObject { ["msgtype"] = "video", ["video"] = new JsonObject() }) },
        };

        var answer = await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", body);

        Assert.Equal(40058, answer.Errcode());
        Assert.StartsWith(errmsg, (string)answer["errmsg"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moments_take_upload_attachment_images_and_refuse_plain_uploads_and_expired_ones_with_40007()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync();
        var attachment = (string)(await MediaTests.UploadAsync(app, $"/cgi-bin/media/upload_attachment?access_token={token}&media_type=image&attachment_type=1", "a.png", 1024))["media_id"]!;
        var plain = (string)(await MediaTests.UploadAsync(app, $"/cgi-bin/media/upload?access_token={token}&type=image", "b.png", 1024))["media_id"]!;
        object With(string mediaId) => new { attachments = new[] { new { msgtype = "image", image = new { media_id = mediaId } } } };

        Assert.Equal(0, (await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", With(attachment))).Errcode());
        Assert.Equal(40007, (await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", With(plain))).Errcode());
        app.Time.Advance(TimeSpan.FromDays(3));
        token = await app.Emulator.CorpTokenAsync("wwcorp1");
        Assert.Equal(40007, (await app.PostAsync($"/cgi-bin/externalcontact/add_moment_task?access_token={token}", With(attachment))).Errcode());
    }
}
