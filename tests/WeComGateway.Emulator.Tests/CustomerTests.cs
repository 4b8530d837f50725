using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Tests;

public sealed class CustomerTests
{
    private static async Task<(EmulatorApp App, string Token)> StartAsync()
    {
        var app = await EmulatorApp.StartAsync();
        return (app, await app.CorpTokenAsync());
    }

    [Fact]
    public async Task A_tag_added_under_a_new_group_shows_in_the_tag_list()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var added = await app.PostAsync($"/cgi-bin/externalcontact/add_corp_tag?access_token={token}", new { group_name = "偏好", tag = new[] { new { name = "爱水果" } } });
        var list = await app.PostAsync($"/cgi-bin/externalcontact/get_corp_tag_list?access_token={token}", new { });

        Assert.Equal(0, added.Errcode());
        var group = Assert.Single(list["tag_group"]!.AsArray())!;
        Assert.Equal("偏好", (string)group["group_name"]!);
        var tag = Assert.Single(group["tag"]!.AsArray())!;
        Assert.Equal("爱水果", (string)tag["name"]!);
        Assert.StartsWith("et", (string)tag["id"]!, StringComparison.Ordinal);
        Assert.Equal((string)added["tag_group"]!["tag"]![0]!["id"]!, (string)tag["id"]!);
    }

    [Fact]
    public async Task A_duplicate_tag_name_in_a_group_answers_40071()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var first = await app.PostAsync($"/cgi-bin/externalcontact/add_corp_tag?access_token={token}", new { group_name = "偏好", tag = new[] { new { name = "爱水果" } } });
        var groupId = (string)first["tag_group"]!["group_id"]!;
        var again = await app.PostAsync($"/cgi-bin/externalcontact/add_corp_tag?access_token={token}", new { group_id = groupId, tag = new[] { new { name = "爱水果" } } });

        Assert.Equal(40071, again.Errcode());
    }

    [Fact]
    public async Task Marking_an_unknown_tag_answers_40068()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var answer = await app.PostAsync(
            $"/cgi-bin/externalcontact/mark_tag?access_token={token}", new { userid = "zhangsan", external_userid = "wmCUSTOMER1", add_tag = new[] { "etNOPE" } });

        Assert.Equal(40068, answer.Errcode());
    }

    [Fact]
    public async Task Customer_who_bought_fruit_is_tagged_爱水果_and_the_tag_can_be_removed()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;
        var added = await app.PostAsync($"/cgi-bin/externalcontact/add_corp_tag?access_token={token}", new { group_name = "偏好", tag = new[] { new { name = "爱水果" } } });
        var tagId = (string)added["tag_group"]!["tag"]![0]!["id"]!;

        var marked = await app.PostAsync(
            $"/cgi-bin/externalcontact/mark_tag?access_token={token}", new { userid = "zhangsan", external_userid = "wmCUSTOMER1", add_tag = new[] { tagId } });
        var tagged = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");
        await app.PostAsync(
            $"/cgi-bin/externalcontact/mark_tag?access_token={token}", new { userid = "zhangsan", external_userid = "wmCUSTOMER1", remove_tag = new[] { tagId } });
        var untagged = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");

        Assert.Equal(0, marked.Errcode());
        var tag = Assert.Single(tagged["follow_user"]![0]!["tags"]!.AsArray())!;
        Assert.Equal("爱水果", (string)tag["tag_name"]!);
        Assert.Equal("偏好", (string)tag["group_name"]!);
        Assert.Empty(untagged["follow_user"]![0]!["tags"]!.AsArray());
    }

    [Fact]
    public async Task A_welcome_code_is_used_once()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;
        var welcome = new { welcome_code = "WELCOME-1", text = new { content = "你好，欢迎光临" } };

        var first = await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", welcome);
        var second = await app.PostAsync($"/cgi-bin/externalcontact/send_welcome_msg?access_token={token}", welcome);

        Assert.Equal(0, first.Errcode());
        Assert.Equal(41051, second.Errcode());
    }

    [Fact]
    public async Task Get_returns_the_same_chinese_name_for_the_same_customer()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var once = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");
        var twice = await app.GetJsonAsync($"/cgi-bin/externalcontact/get?access_token={token}&external_userid=wmCUSTOMER1");

        Assert.Equal(0, once.Errcode());
        var name = (string)once["external_contact"]!["name"]!;
        Assert.Contains(name, new[] { "李雷", "韩梅梅", "王小明", "张伟", "刘洋", "陈静", "杨帆", "赵丽" });
        Assert.Equal(name, (string)twice["external_contact"]!["name"]!);
        Assert.Equal("wmCUSTOMER1", (string)once["external_contact"]!["external_userid"]!);
    }

    [Fact]
    public async Task A_contact_way_is_created_read_and_deleted()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var created = await app.PostAsync(
            $"/cgi-bin/externalcontact/add_contact_way?access_token={token}", new { type = 1, scene = 2, state = "store-42", user = new[] { "zhangsan" } });
        var configId = (string)created["config_id"]!;
        var read = await app.PostAsync($"/cgi-bin/externalcontact/get_contact_way?access_token={token}", new { config_id = configId });
        var deleted = await app.PostAsync($"/cgi-bin/externalcontact/del_contact_way?access_token={token}", new { config_id = configId });
        var gone = await app.PostAsync($"/cgi-bin/externalcontact/get_contact_way?access_token={token}", new { config_id = configId });

        Assert.False(string.IsNullOrEmpty((string?)created["qr_code"]));
        Assert.Equal("store-42", (string)read["contact_way"]!["state"]!);
        Assert.Equal(0, deleted.Errcode());
        Assert.NotEqual(0, gone.Errcode());
    }

    [Fact]
    public async Task Group_chat_has_an_owner_and_external_members()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var answer = await app.PostAsync($"/cgi-bin/externalcontact/groupchat/get?access_token={token}", new { chat_id = "wrCHAT1", need_name = 1 });

        var chat = answer["group_chat"]!;
        Assert.Equal("wrCHAT1", (string)chat["chat_id"]!);
        Assert.Contains(chat["member_list"]!.AsArray(), m => (int)m!["type"]! == 2 && m["name"] is JsonValue);
    }
}
