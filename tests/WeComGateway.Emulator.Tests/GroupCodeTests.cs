using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.Tests;

/// <summary>groupchat/*_join_way and group_welcome_template/* with WeCom's limits.</summary>
public sealed class GroupCodeTests
{
    private static async Task<(EmulatorApp App, string Token)> StartAsync()
    {
        var app = await EmulatorApp.StartAsync();
        return (app, await app.CorpTokenAsync());
    }

    [Fact]
    public async Task A_join_way_is_made_read_changed_and_deleted_with_its_QR_code_from_get_join_way()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var added = await app.PostAsync(Path("groupchat/add_join_way", token), new
        {
            scene = 2, chat_id_list = new[] { "wrchat1", "wrchat2" }, state = "st:spring:xuhui-1", remark = new string('备', 40),
            auto_create_room = 1, room_base_name = "徐汇店", room_base_id = 10,
        });
        var configId = (string)added["config_id"]!;
        var read = await app.PostAsync(Path("groupchat/get_join_way", token), new { config_id = configId });
        var updated = await app.PostAsync(Path("groupchat/update_join_way", token), new { config_id = configId, scene = 2, chat_id_list = new[] { "wrchat3" } });
        var reread = await app.PostAsync(Path("groupchat/get_join_way", token), new { config_id = configId });
        var deleted = await app.PostAsync(Path("groupchat/del_join_way", token), new { config_id = configId });
        var gone = await app.PostAsync(Path("groupchat/get_join_way", token), new { config_id = configId });

        Assert.Equal(0, added.Errcode());
        Assert.Null(added["qr_code"]);
        var way = read["join_way"]!;
        Assert.Equal("st:spring:xuhui-1", (string)way["state"]!);
        Assert.Equal(30, ((string)way["remark"]!).Length);
        Assert.Equal(["wrchat1", "wrchat2"], way["chat_id_list"]!.AsArray().Select(c => (string)c!));
        Assert.EndsWith(configId, (string)way["qr_code"]!, StringComparison.Ordinal);
        Assert.Equal(10, (int)way["room_base_id"]!);
        Assert.Equal(0, updated.Errcode());
        Assert.Equal(["wrchat3"], reread["join_way"]!["chat_id_list"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(0, deleted.Errcode());
        Assert.Equal(40058, gone.Errcode());
    }

    [Theory]
    [InlineData(3, new[] { "wrchat1" }, null, null)] // scene 1 or 2
    [InlineData(2, new string[0], null, null)] // at least one chat
    [InlineData(2, new[] { "c1", "c2", "c3", "c4", "c5", "c6" }, null, null)] // at most five
    [InlineData(2, new[] { "wrchat1" }, "0123456789012345678901234567890", null)] // state ≤ 30
    [InlineData(2, new[] { "wrchat1" }, null, "01234567890123456789012345678901234567890")] // room_base_name ≤ 40
    public async Task A_join_way_outside_WeComs_limits_answers_40058(int scene, string[] chats, string? state, string? roomBaseName)
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var answer = await app.PostAsync(Path("groupchat/add_join_way", token), new { scene, chat_id_list = chats, state, room_base_name = roomBaseName, auto_create_room = 1 });

        Assert.Equal(40058, answer.Errcode());
    }

    [Fact]
    public async Task Five_chats_and_a_30_character_state_are_accepted()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var answer = await app.PostAsync(Path("groupchat/add_join_way", token), new { scene = 2, chat_id_list = new[] { "c1", "c2", "c3", "c4", "c5" }, state = new string('s', 30) });

        Assert.Equal(0, answer.Errcode());
    }

    [Fact]
    public async Task A_group_welcome_template_is_added_read_edited_and_deleted()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var added = await app.PostAsync(Path("group_welcome_template/add", token), new { text = new { content = "欢迎入群" }, link = new { title = "新人礼", url = "https://example.com/gift" } });
        var id = (string)added["template_id"]!;
        var read = await app.PostAsync(Path("group_welcome_template/get", token), new { template_id = id });
        var edited = await app.PostAsync(Path("group_welcome_template/edit", token), new { template_id = id, text = new { content = "欢迎!" } });
        var reread = await app.PostAsync(Path("group_welcome_template/get", token), new { template_id = id });
        var deleted = await app.PostAsync(Path("group_welcome_template/del", token), new { template_id = id });

        Assert.Equal(0, added.Errcode());
        Assert.Equal("欢迎入群", (string)read["text"]!["content"]!);
        Assert.Equal("新人礼", (string)read["link"]!["title"]!);
        Assert.Equal(0, edited.Errcode());
        Assert.Equal("欢迎!", (string)reread["text"]!["content"]!);
        Assert.Null(reread["link"]);
        Assert.Equal(0, deleted.Errcode());
        Assert.Equal(40058, (await app.PostAsync(Path("group_welcome_template/get", token), new { template_id = id })).Errcode());
    }

    [Fact]
    public async Task Of_two_attachments_the_one_WeCom_takes_first_is_kept()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var added = await app.PostAsync(Path("group_welcome_template/add", token), new { link = new { title = "t", url = "https://u" }, image = new { pic_url = "https://p/1.png" } });
        var read = await app.PostAsync(Path("group_welcome_template/get", token), new { template_id = (string)added["template_id"]! });

        Assert.Equal("https://p/1.png", (string)read["image"]!["pic_url"]!);
        Assert.Null(read["link"]);
    }

    [Fact]
    public async Task An_empty_template_or_text_over_4000_bytes_answers_40058()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        var empty = await app.PostAsync(Path("group_welcome_template/add", token), new { notify = 1 });
        var long_ = await app.PostAsync(Path("group_welcome_template/add", token), new { text = new { content = new string('欢', 1334) } }); // 4002 bytes

        Assert.Equal(40058, empty.Errcode());
        Assert.Equal(40058, long_.Errcode());
    }

    [Fact]
    public async Task The_101st_template_of_a_corp_is_refused()
    {
        var (app, token) = await StartAsync();
        await using var _ = app;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(0, (await app.PostAsync(Path("group_welcome_template/add", token), new { text = new { content = $"欢迎 {i}" } })).Errcode());
        }

        Assert.Equal(40058, (await app.PostAsync(Path("group_welcome_template/add", token), new { text = new { content = "one too many" } })).Errcode());
    }

    private static string Path(string api, string token) => $"/cgi-bin/externalcontact/{api}?access_token={token}";
}
