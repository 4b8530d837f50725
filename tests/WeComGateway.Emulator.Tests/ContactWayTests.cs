namespace WeComGateway.Emulator.Tests;

/// <summary>「联系我」 contact ways with WeCom's limits, and get_user_behavior_data as steered.</summary>
public sealed class ContactWayTests
{
    [Fact]
    public async Task A_contact_way_is_created_updated_listed_and_deleted()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");

        var created = await app.PostAsync($"/cgi-bin/externalcontact/add_contact_way?access_token={token}", new { type = 2, scene = 2, state = "dy-spring", user = new[] { "zhangsan", "lisi" } });
        var configId = (string)created["config_id"]!;
        var updated = await app.PostAsync($"/cgi-bin/externalcontact/update_contact_way?access_token={token}", new { config_id = configId, remark = "春季", user = new[] { "wangwu" } });
        var read = await app.PostAsync($"/cgi-bin/externalcontact/get_contact_way?access_token={token}", new { config_id = configId });
        var list = await app.PostAsync($"/cgi-bin/externalcontact/list_contact_way?access_token={token}", new { limit = 10 });
        var deleted = await app.PostAsync($"/cgi-bin/externalcontact/del_contact_way?access_token={token}", new { config_id = configId });
        var afterDelete = await app.PostAsync($"/cgi-bin/externalcontact/list_contact_way?access_token={token}", new { });

        Assert.Equal("https://wework.qpic.cn/wwpic/emulator/" + configId, (string)created["qr_code"]!);
        Assert.Equal(0, updated.Errcode());
        Assert.Equal("春季", (string)read["contact_way"]!["remark"]!);
        Assert.Equal(["wangwu"], read["contact_way"]!["user"]!.AsArray().Select(u => (string)u!));
        Assert.Equal("dy-spring", (string)read["contact_way"]!["state"]!);
        Assert.Equal([configId], list["contact_way"]!.AsArray().Select(w => (string)w!["config_id"]!));
        Assert.Equal(0, deleted.Errcode());
        Assert.Empty(afterDelete["contact_way"]!.AsArray());
    }

    [Theory]
    [InlineData("{\"type\":1,\"scene\":2,\"user\":[\"zhangsan\"],\"state\":\"0123456789012345678901234567890\"}")]
    [InlineData("{\"type\":1,\"scene\":2,\"user\":[\"zhangsan\"],\"remark\":\"0123456789012345678901234567890\"}")]
    [InlineData("{\"type\":2,\"scene\":2,\"user\":[\"zhangsan\",\"lisi\"],\"is_temp\":true}")]
    [InlineData("{\"type\":1,\"scene\":2,\"user\":[\"zhangsan\"],\"is_temp\":true,\"expires_in\":1209601}")]
    [InlineData("{\"type\":1,\"scene\":2,\"user\":[\"zhangsan\",\"lisi\"]}")]
    public async Task WeComs_limits_answer_40058(string body)
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");

        var answer = await app.PostAsync($"/cgi-bin/externalcontact/add_contact_way?access_token={token}", System.Text.Json.Nodes.JsonNode.Parse(body)!);

        Assert.Equal(40058, answer.Errcode());
    }

    [Fact]
    public async Task Behaviour_data_sums_the_members_asked_for_per_China_day()
    {
        await using var app = await EmulatorApp.StartAsync();
        var token = await app.CorpTokenAsync("wwcorp1");
        await app.Emulator.SetBehaviorAsync("wwcorp1", "zhangsan", new DateOnly(2026, 3, 2), 3, 1);
        await app.Emulator.SetBehaviorAsync("wwcorp1", "lisi", new DateOnly(2026, 3, 2), 2, 0);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

        var one = await app.PostAsync($"/cgi-bin/externalcontact/get_user_behavior_data?access_token={token}", new { userid = new[] { "zhangsan" }, start_time = start, end_time = start + 86400 });
        var both = await app.PostAsync($"/cgi-bin/externalcontact/get_user_behavior_data?access_token={token}", new { userid = new[] { "zhangsan", "lisi" }, start_time = start, end_time = start });
        var tooLong = await app.PostAsync($"/cgi-bin/externalcontact/get_user_behavior_data?access_token={token}", new { userid = new[] { "zhangsan" }, start_time = start, end_time = start + (31 * 86400) });

        var days = one["behavior_data"]!.AsArray();
        Assert.Equal(2, days.Count);
        Assert.Equal(start, (long)days[0]!["stat_time"]!);
        Assert.Equal((3, 1), ((long)days[0]!["new_contact_cnt"]!, (long)days[0]!["negative_feedback_cnt"]!));
        Assert.Equal(0, (long)days[1]!["new_contact_cnt"]!);
        Assert.Equal(5, (long)both["behavior_data"]![0]!["new_contact_cnt"]!);
        Assert.Equal(40058, tooLong.Errcode());
    }
}
